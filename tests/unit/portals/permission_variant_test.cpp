// An entry's data keeps its type and value: D-Bus variant → GVariant → table file → D-Bus variant.

#include <gtest/gtest.h>

#include <sdbus-c++/sdbus-c++.h>

#include <cmath>

#include "permission_test_directory.hpp"
#include "sandbox/portals/permission_store/permission_database.hpp"
#include "sandbox/portals/permission_store/variant_conversion.hpp"

namespace sandbox::portals {
namespace {

using Point = sdbus::Struct<double, double, double>;
using Dictionary = std::map<std::string, sdbus::Variant>;

sdbus::Variant nested_dictionary() {
    Dictionary inner{{"depth", sdbus::Variant(std::int64_t{-9007199254740993})}};
    Dictionary value{
        {"point", sdbus::Variant(Point{0.1, -2.5e-300, 1.0 / 3.0})},
        {"names", sdbus::Variant(std::vector<std::string>{"one", "", "thrée"})},
        {"flag", sdbus::Variant(true)},
        {"inner", sdbus::Variant(inner)},
        {"path", sdbus::Variant(sdbus::ObjectPath("/org/example/Object"))},
        {"bytes", sdbus::Variant(std::vector<std::uint8_t>{0, 255, 7})},
    };
    return sdbus::Variant(value);
}

GVariantRef parsed(const char* type, const char* text) {
    return GVariantRef::take(
        g_variant_parse(G_VARIANT_TYPE(type), text, nullptr, nullptr, nullptr));
}

void expect_same_dictionary(const sdbus::Variant& actual) {
    ASSERT_EQ(actual.peekValueType(), "a{sv}");
    auto value = actual.get<Dictionary>();
    ASSERT_EQ(value.size(), 6u);
    auto point = value.at("point").get<Point>();
    EXPECT_EQ(std::get<0>(point), 0.1);
    EXPECT_EQ(std::get<1>(point), -2.5e-300);
    EXPECT_EQ(std::get<2>(point), 1.0 / 3.0);
    EXPECT_EQ(value.at("names").get<std::vector<std::string>>(),
              (std::vector<std::string>{"one", "", "thrée"}));
    EXPECT_TRUE(value.at("flag").containsValueOfType<bool>());
    EXPECT_TRUE(value.at("flag").get<bool>());
    auto inner = value.at("inner").get<Dictionary>();
    EXPECT_EQ(inner.at("depth").get<std::int64_t>(), -9007199254740993);
    EXPECT_EQ(value.at("path").peekValueType(), "o");
    EXPECT_EQ(value.at("path").get<sdbus::ObjectPath>(), "/org/example/Object");
    EXPECT_EQ(value.at("bytes").get<std::vector<std::uint8_t>>(),
              (std::vector<std::uint8_t>{0, 255, 7}));
}

TEST(PermissionVariant, DBusToGVariantKeepsTypeAndValue) {
    GVariantRef value = gvariant_from_sdbus(nested_dictionary());
    ASSERT_TRUE(value);
    EXPECT_STREQ(g_variant_get_type_string(value.get()), "a{sv}");
    // a{sv} from a std::map: its keys in order.
    GVariantRef expected = parsed("a{sv}",
                                  "{'bytes': <[byte 0, 255, 7]>, 'flag': <true>, "
                                  "'inner': <{'depth': <int64 -9007199254740993>}>, "
                                  "'names': <['one', '', 'thrée']>, "
                                  "'path': <objectpath '/org/example/Object'>, "
                                  "'point': <(0.1, -2.5e-300, 0.33333333333333331)>}");
    ASSERT_TRUE(expected);
    EXPECT_EQ(value, expected) << value.print();
}

TEST(PermissionVariant, RoundTripThroughGVariant) {
    expect_same_dictionary(sdbus_from_gvariant(gvariant_from_sdbus(nested_dictionary())));
}

TEST(PermissionVariant, SimpleTypesRoundTrip) {
    EXPECT_TRUE(sdbus_from_gvariant(gvariant_from_sdbus(sdbus::Variant(false))).get<bool>() ==
                false);
    auto strings =
        sdbus_from_gvariant(gvariant_from_sdbus(sdbus::Variant(std::vector<std::string>{})));
    EXPECT_EQ(strings.peekValueType(), "as");
    EXPECT_TRUE(strings.get<std::vector<std::string>>().empty());
    auto point = sdbus_from_gvariant(gvariant_from_sdbus(sdbus::Variant(Point{1, 2, 3})));
    EXPECT_EQ(point.peekValueType(), "(ddd)");
    auto variants = sdbus_from_gvariant(
        gvariant_from_sdbus(sdbus::Variant(std::vector<sdbus::Variant>{sdbus::Variant(7u)})));
    EXPECT_EQ(variants.peekValueType(), "av");
    EXPECT_EQ(variants.get<std::vector<sdbus::Variant>>().at(0).get<std::uint32_t>(), 7u);
}

TEST(PermissionVariant, NoDataIsTheByteZero) {
    auto value = sdbus_from_gvariant(GVariantRef{});
    EXPECT_EQ(value.peekValueType(), "y");
    EXPECT_EQ(value.get<std::uint8_t>(), 0);
}

TEST(PermissionVariant, WhatDBusCannotCarryIsRefused) {
    GVariantRef maybe = parsed("ms", "just 'x'");
    ASSERT_TRUE(maybe);
    EXPECT_THROW(sdbus_from_gvariant(maybe), sdbus::Error);
    EXPECT_THROW(gvariant_from_sdbus(sdbus::Variant()), sdbus::Error);
}

TEST(PermissionVariant, DataSurvivesTheTableFile) {
    PermissionTestDirectory dir;
    {
        auto db = PermissionDatabase::open(dir.db());
        ASSERT_TRUE(db) << db.error().message();
        auto stored = (*db)->set_data("desktop-used-apps", "x-scheme-handler/https",
                                      gvariant_from_sdbus(nested_dictionary()), true);
        ASSERT_TRUE(stored && *stored);
        ASSERT_TRUE((*db)->set_data("t", "bool", gvariant_from_sdbus(sdbus::Variant(true)), true));
        ASSERT_TRUE((*db)->set_data(
            "t", "point", gvariant_from_sdbus(sdbus::Variant(Point{-0.0, 1e308, 5e-324})), true));
    }
    auto db = PermissionDatabase::open(dir.db());
    ASSERT_TRUE(db);
    auto entry = (*db)->lookup("desktop-used-apps", "x-scheme-handler/https");
    ASSERT_TRUE(entry && entry->has_value());
    expect_same_dictionary(sdbus_from_gvariant((*entry)->data));

    auto flag = (*db)->lookup("t", "bool")->value().data;
    EXPECT_STREQ(g_variant_get_type_string(flag.get()), "b");
    EXPECT_TRUE(sdbus_from_gvariant(flag).get<bool>());
    auto point = sdbus_from_gvariant((*db)->lookup("t", "point")->value().data).get<Point>();
    EXPECT_TRUE(std::signbit(std::get<0>(point)));
    EXPECT_EQ(std::get<1>(point), 1e308);
    EXPECT_EQ(std::get<2>(point), 5e-324);
}

}  // namespace
}  // namespace sandbox::portals

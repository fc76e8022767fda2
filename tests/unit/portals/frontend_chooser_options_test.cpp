#include <gtest/gtest.h>

#include "chooser_options.hpp"

namespace sandbox::portals {
namespace {

using Rule = sdbus::Struct<std::uint32_t, std::string>;
using Filter = sdbus::Struct<std::string, std::vector<Rule>>;
using ChoiceOption = sdbus::Struct<std::string, std::string>;
using Choice = sdbus::Struct<std::string, std::string, std::vector<ChoiceOption>, std::string>;

Filter images() {
    return Filter{"Images", std::vector<Rule>{Rule{0u, "*.png"}, Rule{1u, "image/jpeg"}}};
}

TEST(BackendChooserOptions, KeepsKnownKeysDropsUnknownOnesAndTheToken) {
    Options options{{"handle_token", sdbus::Variant(std::string("t1"))},
                    {"cancel_label", sdbus::Variant(std::string("No"))},
                    {"multiple", sdbus::Variant(true)},
                    {"filters", sdbus::Variant(std::vector<Filter>{images()})},
                    {"current_filter", sdbus::Variant(images())}};
    auto forwarded = backend_chooser_options(options, ChooserMethod::OpenFile);
    ASSERT_TRUE(forwarded) << forwarded.error().message();
    EXPECT_EQ(forwarded->size(), 3u);
    EXPECT_FALSE(forwarded->contains("handle_token"));
    EXPECT_FALSE(forwarded->contains("cancel_label"));
}

TEST(BackendChooserOptions, RefusesWrongTypesAndBadContents) {
    auto refused = [](const char* key, sdbus::Variant value) {
        return !backend_chooser_options({{key, std::move(value)}}, ChooserMethod::OpenFile);
    };
    EXPECT_TRUE(refused("multiple", sdbus::Variant(std::string("yes"))));
    EXPECT_TRUE(refused("filters", sdbus::Variant(std::vector<Filter>{
                                       Filter{"", std::vector<Rule>{Rule{0u, "*"}}}})));
    EXPECT_TRUE(refused("filters", sdbus::Variant(std::vector<Filter>{
                                       Filter{"x", std::vector<Rule>{Rule{7u, "*"}}}})));
    EXPECT_TRUE(refused("accept_label", sdbus::Variant(std::string(kMaxLabelBytes + 1, 'a'))));
    EXPECT_TRUE(refused("current_folder", sdbus::Variant(std::vector<std::uint8_t>{'/', 't'})));
    EXPECT_TRUE(refused(
        "choices", sdbus::Variant(std::vector<Choice>{Choice{
                       "c", "C", std::vector<ChoiceOption>{ChoiceOption{"a", "A"}}, "missing"}})));
}

TEST(BackendChooserOptions, CurrentFilterMustBeOneOfTheFilters) {
    Filter other{"Text", std::vector<Rule>{Rule{1u, "text/plain"}}};
    Options options{{"filters", sdbus::Variant(std::vector<Filter>{images()})},
                    {"current_filter", sdbus::Variant(other)}};
    EXPECT_FALSE(backend_chooser_options(options, ChooserMethod::OpenFile));
}

TEST(BackendChooserOptions, EachMethodHasItsOwnKeys) {
    Options options{{"current_name", sdbus::Variant(std::string("a.txt"))},
                    {"multiple", sdbus::Variant(true)}};
    auto save = backend_chooser_options(options, ChooserMethod::SaveFile);
    ASSERT_TRUE(save);
    EXPECT_TRUE(save->contains("current_name"));
    EXPECT_FALSE(save->contains("multiple"));
    auto open = backend_chooser_options(options, ChooserMethod::OpenFile);
    ASSERT_TRUE(open);
    EXPECT_FALSE(open->contains("current_name"));
}

TEST(CallerChooserResults, PassesOnlyWellFormedChoicesAndFilter) {
    Options backend{{"choices", sdbus::Variant(std::vector<ChoiceOption>{ChoiceOption{"a", "b"}})},
                    {"current_filter", sdbus::Variant(std::string("bogus"))},
                    {"writable", sdbus::Variant(true)}};
    auto results = caller_chooser_results(backend);
    EXPECT_TRUE(results.contains("choices"));
    EXPECT_FALSE(results.contains("current_filter"));
    EXPECT_FALSE(results.contains("writable"));
}

}  // namespace
}  // namespace sandbox::portals

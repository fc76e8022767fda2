#include <gtest/gtest.h>

#include "sandbox/portals/documents/document.hpp"

namespace sandbox::portals::documents {
namespace {

TEST(DocumentPermissions, ParsesTheDBusNames) {
    auto parsed = parse_permissions({"read", "write", "grant-permissions", "delete"});
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, (DocumentPermissions{true, true, true, true}));
    EXPECT_EQ(permission_names(*parsed),
              (std::vector<std::string>{"read", "write", "grant-permissions", "delete"}));
}

TEST(DocumentPermissions, NamesTheFirstUnknownPermission) {
    std::string unknown;
    EXPECT_FALSE(parse_permissions({"read", "execute", "chmod"}, &unknown));
    EXPECT_EQ(unknown, "execute");
}

TEST(DocumentPermissions, CoversAndWithout) {
    DocumentPermissions read_write{true, true, false, false};
    DocumentPermissions read{true, false, false, false};
    EXPECT_TRUE(read_write.covers(read));
    EXPECT_FALSE(read.covers(read_write));
    EXPECT_EQ(without(read_write, read), (DocumentPermissions{false, true, false, false}));
    EXPECT_EQ((read | DocumentPermissions{false, false, true, false}),
              (DocumentPermissions{true, false, true, false}));
}

TEST(DocumentNames, ValidatesIdsAppIdsAndNames) {
    EXPECT_TRUE(is_valid_document_id("a1b2c3d4"));
    EXPECT_FALSE(is_valid_document_id("A1B2C3D4"));
    EXPECT_FALSE(is_valid_document_id("a1b2c3d"));
    EXPECT_FALSE(is_valid_document_id("../../x"));
    EXPECT_TRUE(is_valid_app_id("org.example.App"));
    EXPECT_TRUE(is_valid_app_id("org.example.My_App-2"));
    EXPECT_FALSE(is_valid_app_id("single"));
    EXPECT_FALSE(is_valid_app_id("org..example"));
    EXPECT_FALSE(is_valid_app_id("org.example."));
    EXPECT_FALSE(is_valid_app_id("org/example.App"));
    EXPECT_FALSE(is_valid_app_id(".."));
    EXPECT_FALSE(is_valid_app_id(std::string(250, 'a') + ".bbbbbb"));
    EXPECT_TRUE(is_valid_document_name("report.odt"));
    EXPECT_FALSE(is_valid_document_name(""));
    EXPECT_FALSE(is_valid_document_name(".."));
    EXPECT_FALSE(is_valid_document_name("a/b"));
    EXPECT_FALSE(is_valid_document_name(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace sandbox::portals::documents

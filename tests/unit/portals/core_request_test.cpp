#include <gtest/gtest.h>

#include "sandbox/portals/request.hpp"

namespace sandbox::portals {
namespace {

TEST(RequestHandlePath, IsTheSenderWithoutColonAndDotsAsUnderscoresThenTheToken) {
    EXPECT_EQ(request_handle_path(":1.42", "portal7"),
              "/org/freedesktop/portal/desktop/request/1_42/portal7");
}

TEST(RequestHandlePath, RefusesTokensThatAreNotPathElements) {
    for (const char* token : {"", "a/b", "..", "a-b", "a.b", "é", "a b"})
        EXPECT_EQ(request_handle_path(":1.42", token), "") << token;
    EXPECT_EQ(request_handle_path(":1.42", std::string(129, 'a')), "");
    EXPECT_NE(request_handle_path(":1.42", std::string(128, 'a')), "");
}

TEST(RequestHandlePath, RefusesSendersThatAreNotUniqueNames) {
    EXPECT_EQ(request_handle_path("", "t"), "");
    EXPECT_EQ(request_handle_path(":1.4/2", "t"), "");
}

}  // namespace
}  // namespace sandbox::portals

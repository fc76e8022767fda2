// Who may use the host clipboard through the portal.

#include <gtest/gtest.h>

#include "clipboard_access.hpp"

namespace sandbox::portals {
namespace {

Caller host() {
    return Caller{};
}

Caller app(std::string app_id) {
    Caller caller;
    caller.kind = Caller::Kind::Sandboxed;
    caller.app_id = std::move(app_id);
    caller.instance_id = "1";
    return caller;
}

TEST(ClipboardAccessDecision, HostIsAlwaysGrantedAndNeverAsked) {
    EXPECT_EQ(clipboard_access(host(), std::nullopt), ClipboardAccess::Granted);
    // A stray answer stored under the host's empty id changes nothing.
    EXPECT_EQ(clipboard_access(host(), false), ClipboardAccess::Granted);
    EXPECT_TRUE(may_use_clipboard(host(), std::nullopt));
}

TEST(ClipboardAccessDecision, AppWithoutAnswerIsAskedAndMeanwhileRefused) {
    EXPECT_EQ(clipboard_access(app("org.example.App"), std::nullopt), ClipboardAccess::Ask);
    EXPECT_FALSE(may_use_clipboard(app("org.example.App"), std::nullopt));
}

TEST(ClipboardAccessDecision, RememberedAnswersAreKept) {
    EXPECT_EQ(clipboard_access(app("org.example.App"), true), ClipboardAccess::Granted);
    EXPECT_TRUE(may_use_clipboard(app("org.example.App"), true));
    EXPECT_EQ(clipboard_access(app("org.example.App"), false), ClipboardAccess::Denied);
    EXPECT_FALSE(may_use_clipboard(app("org.example.App"), false));
}

TEST(ClipboardAccessDecision, SandboxedCallerWithoutAppIdIsRefused) {
    EXPECT_EQ(clipboard_access(app(""), std::nullopt), ClipboardAccess::Denied);
    EXPECT_EQ(clipboard_access(app(""), true), ClipboardAccess::Denied);
    EXPECT_FALSE(may_use_clipboard(app(""), true));
}

TEST(ClipboardAccessDecision, DialogResponsesToRemember) {
    EXPECT_EQ(answer_to_remember(0), std::optional<bool>(true));
    EXPECT_EQ(answer_to_remember(1), std::optional<bool>(false));
    EXPECT_EQ(answer_to_remember(2), std::nullopt);
    EXPECT_EQ(answer_to_remember(77), std::nullopt);
}

}  // namespace
}  // namespace sandbox::portals

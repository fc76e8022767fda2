#include <gtest/gtest.h>

#include "open_decision.hpp"

namespace sandbox::portals {
namespace {

OpenSituation link(std::vector<std::string> handlers, std::optional<std::string> fallback) {
    OpenSituation situation;
    situation.content_type = "x-scheme-handler/https";
    situation.handlers = std::move(handlers);
    situation.default_handler = std::move(fallback);
    return situation;
}

TEST(HandlerWithoutAsking, WebLinksGoToTheDefaultBrowser) {
    EXPECT_EQ(handler_without_asking(link({"firefox", "chromium"}, "chromium")), "chromium");
}

TEST(HandlerWithoutAsking, AskingAppsAndNoHandlersAlwaysShowTheChooser) {
    auto asked = link({"firefox"}, "firefox");
    asked.ask = true;
    EXPECT_EQ(handler_without_asking(asked), std::nullopt);
    EXPECT_EQ(handler_without_asking(link({}, std::nullopt)), std::nullopt);
}

TEST(HandlerWithoutAsking, OtherTypesNeedOneHandlerOrAChoiceMadeOftenEnough) {
    OpenSituation file;
    file.content_type = "text/plain";
    file.handlers = {"gedit", "vim"};
    file.default_handler = "gedit";
    EXPECT_EQ(handler_without_asking(file), std::nullopt);
    file.remembered = RememberedChoice{"vim", 2, 3};
    EXPECT_EQ(handler_without_asking(file), std::nullopt);
    file.remembered = RememberedChoice{"vim", 3, 3};
    EXPECT_EQ(handler_without_asking(file), "vim");
    file.remembered = RememberedChoice{"uninstalled", 9, 3};
    EXPECT_EQ(handler_without_asking(file), std::nullopt);
    file.handlers = {"gedit"};
    EXPECT_EQ(handler_without_asking(file), "gedit");
}

TEST(HandlerWithoutAsking, FilesThatCouldRunAlwaysAsk) {
    OpenSituation script;
    script.content_type = "application/x-shellscript";
    script.handlers = {"gedit"};
    script.remembered = RememberedChoice{"gedit", 10, 3};
    script.could_run = true;
    EXPECT_EQ(handler_without_asking(script), std::nullopt);
    EXPECT_TRUE(is_runnable_type("application/x-desktop"));
    EXPECT_TRUE(is_runnable_type("application/x-executable"));
    EXPECT_FALSE(is_runnable_type("text/plain"));
}

}  // namespace
}  // namespace sandbox::portals

// The Wayland host clipboard (wl-clipboard) against weston's headless backend. That backend has
// no seat, and wl-clipboard needs one ("Missing a seat"): what can be checked there is that the
// tools are run on the right display and that their failure comes back as one line.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "clipboard/clipboard_fixture.hpp"
#include "clipboard/clipboard_test_support.hpp"
#include "host_clipboard.hpp"
#include "session/support/weston_server.hpp"

namespace sandbox::test {
namespace {

portals::Deadline soon() {
    return std::chrono::steady_clock::now() + std::chrono::seconds(10);
}

class WaylandClipboard : public ClipboardTest {
  protected:
    void SetUp() override {
        ClipboardTest::SetUp();
        std::filesystem::create_directory(dir() / "runtime");
        std::filesystem::permissions(dir() / "runtime", std::filesystem::perms::owner_all);
        weston_ = std::make_unique<WestonServer>(dir() / "runtime", dir());
        ASSERT_TRUE(weston_->ready());
        runtime_ = std::make_unique<ScopedEnv>("XDG_RUNTIME_DIR", (dir() / "runtime").string());
        wayland_ = std::make_unique<ScopedEnv>("WAYLAND_DISPLAY", weston_->socket_name());
        // Wayland wins over X11 when both are set, as on a desktop with Xwayland.
        display_ = std::make_unique<ScopedEnv>("DISPLAY", ":12345");
        clipboard_ = portals::make_host_clipboard_from_environment();
    }

    std::unique_ptr<WestonServer> weston_;
    std::unique_ptr<ScopedEnv> runtime_;
    std::unique_ptr<ScopedEnv> wayland_;
    std::unique_ptr<ScopedEnv> display_;
    std::unique_ptr<portals::HostClipboard> clipboard_;
};

TEST_F(WaylandClipboard, WlCopyRunsOnTheCompositorAndItsFailureIsReported) {
    auto content = content_file("hello");
    auto taken = clipboard_->take("text/plain", content.get(), soon(), {});
    if (taken.ok()) {
        // A compositor with a seat: the content must then be there.
        auto pipe = TestPipe::make();
        ASSERT_TRUE(
            clipboard_->copy_content("text/plain", pipe.write_end.get(), 1024, soon(), {}).ok());
        pipe.write_end.reset();
        EXPECT_EQ(*read_all(pipe.read_end.get()), "hello");
        return;
    }
    EXPECT_EQ(taken.error().message(),
              "wl-copy could not take the Wayland clipboard (exit status 1)");
}

TEST_F(WaylandClipboard, ListingWithoutASelectionIsEmpty) {
    auto types = clipboard_->list_types(soon());
    ASSERT_TRUE(types.ok()) << types.error().message();
    EXPECT_TRUE(types->empty());
}

}  // namespace
}  // namespace sandbox::test

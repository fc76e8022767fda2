// The X11 host clipboard (xclip) against a real Xvfb: what the portal writes, the host's own
// xclip sees, and what the host copies, the portal reads.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "clipboard/clipboard_fixture.hpp"
#include "clipboard/clipboard_test_support.hpp"
#include "clipboard/x11_session.hpp"
#include "host_clipboard.hpp"
#include "support/command.hpp"

namespace sandbox::test {
namespace {

using portals::Deadline;
using portals::HostClipboard;

Deadline soon() {
    return std::chrono::steady_clock::now() + std::chrono::seconds(10);
}

class X11Clipboard : public ClipboardTest {
  protected:
    void SetUp() override {
        ClipboardTest::SetUp();
        x11_ = std::make_unique<X11Session>(dir());
        if (!x11_->skip_reason().empty()) GTEST_SKIP() << x11_->skip_reason();
        ASSERT_TRUE(x11_->ready());
        clipboard_ = portals::make_host_clipboard_from_environment();
    }

    // The host's own xclip, as another app on the desktop would use it.
    CommandResult host_xclip(const std::vector<std::string>& args, const std::string& input = {}) {
        std::vector<std::string> argv{"xclip", "-selection", "clipboard"};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = x11_->environment();
        options.stdin_data = input;
        options.timeout = std::chrono::seconds(10);
        // `xclip -i` leaves a child serving the selection: it must not hold our output pipes.
        UniqueFd null_out = open_or_die("/dev/null", O_WRONLY | O_CLOEXEC);
        if (!input.empty()) options.extra_fds = {{null_out.get(), 1}, {null_out.get(), 2}};
        return run_command(argv, options);
    }

    // Returns once the host's xclip serves the content: its first process exits before the
    // selection is taken.
    void host_copies(const std::string& type, const std::string& content) {
        ASSERT_EQ(host_xclip({"-t", type, "-i"}, content).status, 0);
        const auto deadline = soon();
        while (host_xclip({"-t", "TARGETS", "-o"}).out.find(type) == std::string::npos) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "xclip never offered " << type;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    // Read as an app does: at the same time as the portal copies, content larger than a pipe
    // holds would otherwise stall.
    std::string portal_reads(const std::string& type, std::size_t cap = 1 << 20) {
        auto pipe = TestPipe::make();
        std::string content;
        std::jthread app([&content, fd = std::move(pipe.read_end)] {
            auto text = read_all(fd.get());
            if (text.ok()) content = *text;
        });
        auto copied = clipboard_->copy_content(type, pipe.write_end.get(), cap, soon(), {});
        EXPECT_TRUE(copied.ok()) << copied.error().message();
        pipe.write_end.reset();
        app.join();
        return content;
    }

    std::unique_ptr<X11Session> x11_;
    std::unique_ptr<HostClipboard> clipboard_;
};

TEST_F(X11Clipboard, WhatThePortalWritesTheHostPastes) {
    auto content = content_file("hello");
    auto taken = clipboard_->take("text/plain", content.get(), soon(), {});
    ASSERT_TRUE(taken.ok()) << taken.error().message();

    const auto pasted = host_xclip({"-t", "text/plain", "-o"});
    EXPECT_EQ(pasted.status, 0) << pasted.err;
    EXPECT_EQ(pasted.out, "hello") << pasted.err;
}

TEST_F(X11Clipboard, WhatTheHostCopiesThePortalReads) {
    host_copies("text/plain", "copied on the host");
    EXPECT_EQ(portal_reads("text/plain"), "copied on the host");
}

TEST_F(X11Clipboard, ListsTheOfferedMimeTypesOnly) {
    host_copies("text/html", "<b>bold</b>");
    auto types = clipboard_->list_types(soon());
    ASSERT_TRUE(types.ok()) << types.error().message();
    // xclip offers TARGETS too: an X11 target, not a MIME type, so the app does not see it.
    EXPECT_EQ(*types, std::vector<std::string>{"text/html"});

    auto content = content_file("plain");
    ASSERT_TRUE(clipboard_->take("text/plain;charset=utf-8", content.get(), soon(), {}).ok());
    types = clipboard_->list_types(soon());
    ASSERT_TRUE(types.ok()) << types.error().message();
    EXPECT_EQ(*types, std::vector<std::string>{"text/plain;charset=utf-8"});
}

TEST_F(X11Clipboard, AnEmptyClipboardHasNoTypesAndNoContent) {
    auto types = clipboard_->list_types(soon());
    ASSERT_TRUE(types.ok()) << types.error().message();
    EXPECT_TRUE(types->empty());
    EXPECT_EQ(portal_reads("text/plain"), "");
}

TEST_F(X11Clipboard, ContentIsCutAtTheCap) {
    host_copies("text/plain", std::string(100'000, 'x'));
    const auto read = portal_reads("text/plain", 70'000);
    EXPECT_EQ(read.size(), 70'000u);
    EXPECT_TRUE(read == std::string(70'000, 'x'));
}

TEST_F(X11Clipboard, LargeContentPassesWhole) {
    // More than a pipe holds: the relay has to keep both pipes moving.
    std::string large;
    for (int i = 0; large.size() < 3'000'000; ++i) large += std::to_string(i) + "\n";
    auto content = content_file(large);
    ASSERT_TRUE(clipboard_->take("text/plain", content.get(), soon(), {}).ok());
    const auto read = portal_reads("text/plain", 8 << 20);
    EXPECT_EQ(read.size(), large.size());
    EXPECT_TRUE(read == large);
}

TEST_F(X11Clipboard, ReadingStopsWhenTheAppClosesItsEnd) {
    host_copies("text/plain", std::string(1 << 20, 'y'));
    auto pipe = TestPipe::make();
    pipe.read_end.reset();
    const auto started = std::chrono::steady_clock::now();
    auto copied = clipboard_->copy_content("text/plain", pipe.write_end.get(), 8 << 20, soon(), {});
    EXPECT_FALSE(copied.ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(X11Clipboard, AStopEndsAReadAnAppNeverDrains) {
    host_copies("text/plain", std::string(1 << 20, 'z'));
    auto pipe = TestPipe::make();  // nobody reads its read end
    std::stop_source stop;
    std::jthread stopper([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.request_stop();
    });
    const auto started = std::chrono::steady_clock::now();
    auto copied = clipboard_->copy_content(
        "text/plain", pipe.write_end.get(), 8 << 20,
        std::chrono::steady_clock::now() + std::chrono::minutes(5), stop.get_token());
    EXPECT_FALSE(copied.ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(HostClipboardChoice, WithoutADisplayEveryMethodFailsWithOneLine) {
    ScopedEnv no_wayland("WAYLAND_DISPLAY", "");
    ScopedEnv no_x11("DISPLAY", "");
    auto clipboard = portals::make_host_clipboard_from_environment();
    auto types = clipboard->list_types(soon());
    ASSERT_FALSE(types.ok());
    EXPECT_EQ(types.error().message(),
              "The portal has no clipboard: neither WAYLAND_DISPLAY nor DISPLAY is set");
    auto content = content_file("x");
    EXPECT_FALSE(clipboard->take("text/plain", content.get(), soon(), {}).ok());
    auto pipe = TestPipe::make();
    EXPECT_FALSE(clipboard->copy_content("text/plain", pipe.write_end.get(), 10, soon(), {}).ok());
}

TEST(HostClipboardChoice, AMissingToolIsNamed) {
    ScopedEnv path("PATH", "/usr/bin:/bin");
    auto tools = portals::x11_clipboard_tools();
    tools.list_types = {"sandbox-no-such-clipboard-tool"};
    auto clipboard = portals::make_tool_clipboard(tools);
    auto types = clipboard->list_types(soon());
    ASSERT_FALSE(types.ok());
    EXPECT_EQ(types.error().message(),
              "Can't run sandbox-no-such-clipboard-tool: No such file or directory");
}

}  // namespace
}  // namespace sandbox::test

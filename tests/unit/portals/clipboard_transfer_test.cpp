// Moving clipboard content through pipes: the caps, the deadlines, and an app that goes away.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "clipboard_transfer.hpp"
#include "clipboard_workers.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals {
namespace {

using namespace std::chrono_literals;

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
};

Pipe make_pipe() {
    int ends[2];
    EXPECT_EQ(pipe2(ends, O_CLOEXEC), 0);
    return {UniqueFd(ends[0]), UniqueFd(ends[1])};
}

Deadline in(std::chrono::milliseconds duration) {
    return std::chrono::steady_clock::now() + duration;
}

void block_sigpipe() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
}

std::string read_everything(int fd) {
    auto text = read_all(fd);
    EXPECT_TRUE(text.ok());
    return text.ok() ? *text : std::string();
}

TEST(ClipboardRelay, CopiesUntilTheSourceEnds) {
    auto tool = make_pipe();
    auto app = make_pipe();
    ASSERT_TRUE(write_all(tool.write_end.get(), "hello").ok());
    tool.write_end.reset();
    ASSERT_TRUE(relay_pipe(tool.read_end.get(), app.write_end.get(), 1024, in(5s), {}).ok());
    app.write_end.reset();
    EXPECT_EQ(read_everything(app.read_end.get()), "hello");
}

TEST(ClipboardRelay, CutsTheContentAtTheCap) {
    auto tool = make_pipe();
    auto app = make_pipe();
    ASSERT_TRUE(write_all(tool.write_end.get(), "0123456789").ok());
    ASSERT_TRUE(relay_pipe(tool.read_end.get(), app.write_end.get(), 4, in(5s), {}).ok());
    app.write_end.reset();
    EXPECT_EQ(read_everything(app.read_end.get()), "0123");
}

TEST(ClipboardRelay, GivesUpAtTheDeadlineWhenTheAppDoesNotRead) {
    auto tool = make_pipe();
    auto app = make_pipe();
    std::jthread producer([fd = tool.write_end.get()] {
        block_sigpipe();
        // More than the app's pipe holds, so the relay has to wait for the app.
        const std::string chunk(1 << 16, 'x');
        for (int i = 0; i < 8; ++i)
            if (!write_all(fd, chunk).ok()) return;
    });
    const auto started = std::chrono::steady_clock::now();
    auto status = relay_pipe(tool.read_end.get(), app.write_end.get(), 1 << 20, in(300ms), {});
    EXPECT_FALSE(status.ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
    tool.read_end.reset();  // the producer gets EPIPE and ends
}

TEST(ClipboardRelay, FailsWhenTheAppClosesItsEnd) {
    std::jthread relay([] {
        block_sigpipe();  // as the portal's worker threads have it
        auto tool = make_pipe();
        auto app = make_pipe();
        ASSERT_TRUE(write_all(tool.write_end.get(), "hello").ok());
        app.read_end.reset();
        EXPECT_FALSE(relay_pipe(tool.read_end.get(), app.write_end.get(), 1024, in(5s), {}).ok());
    });
}

TEST(ClipboardContentBuffer, ReadsAPipeIntoARewoundMemfd) {
    auto app = make_pipe();
    ASSERT_TRUE(write_all(app.write_end.get(), "planted?").ok());
    app.write_end.reset();
    auto content = read_into_memfd(app.read_end.get(), 1024, in(5s), {});
    ASSERT_TRUE(content.ok()) << content.error().message();
    EXPECT_EQ(read_everything(content->get()), "planted?");
}

TEST(ClipboardContentBuffer, RefusesContentOverTheCap) {
    auto app = make_pipe();
    ASSERT_TRUE(write_all(app.write_end.get(), "0123456789").ok());
    app.write_end.reset();
    EXPECT_FALSE(read_into_memfd(app.read_end.get(), 9, in(5s), {}).ok());
}

TEST(ClipboardContentBuffer, GivesUpOnAWriterThatNeverFinishes) {
    auto app = make_pipe();
    ASSERT_TRUE(write_all(app.write_end.get(), "partial").ok());
    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(read_into_memfd(app.read_end.get(), 1024, in(300ms), {}).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

TEST(ClipboardContentBuffer, StopsWhenAskedTo) {
    auto app = make_pipe();
    std::stop_source stop;
    stop.request_stop();
    EXPECT_FALSE(read_into_memfd(app.read_end.get(), 1024, in(60s), stop.get_token()).ok());
}

TEST(ClipboardWorkerThreads, RefusesJobsBeyondTheLimitAndStopsThemOnDestruction) {
    std::atomic<int> stopped{0};
    {
        ClipboardWorkers workers(2);
        auto wait_for_stop = [&stopped](std::stop_token stop) {
            while (!stop.stop_requested()) std::this_thread::sleep_for(10ms);
            ++stopped;
        };
        EXPECT_TRUE(workers.try_start(wait_for_stop));
        EXPECT_TRUE(workers.try_start(wait_for_stop));
        EXPECT_FALSE(workers.try_start(wait_for_stop));
        EXPECT_EQ(workers.running(), 2u);
    }
    EXPECT_EQ(stopped.load(), 2);
}

TEST(ClipboardWorkerThreads, FinishedJobsFreeTheirPlace) {
    ClipboardWorkers workers(1);
    std::atomic<bool> ran{false};
    ASSERT_TRUE(workers.try_start([&ran](std::stop_token) { ran = true; }));
    for (int i = 0; i < 200 && workers.running() != 0; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_TRUE(ran.load());
    EXPECT_TRUE(workers.try_start([](std::stop_token) {}));
}

}  // namespace
}  // namespace sandbox::portals

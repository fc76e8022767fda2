#pragma once

// The threads that do the clipboard portal's slow work (running xclip / wl-paste, moving content
// through pipes) so that the D-Bus thread never waits on an app or a tool. Their number is
// bounded: callers cannot make the portal grow.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace sandbox::portals {

class ClipboardWorkers {
  public:
    explicit ClipboardWorkers(std::size_t max_running) : max_running_(max_running) {}
    ClipboardWorkers(const ClipboardWorkers&) = delete;
    ClipboardWorkers& operator=(const ClipboardWorkers&) = delete;
    // Asks every job to stop and waits for them (each checks its token at least every 100 ms).
    ~ClipboardWorkers();

    // Runs `job` on a thread of its own, with SIGPIPE blocked there (a write to a pipe the app
    // closed fails with EPIPE instead of killing the portal). False when max_running jobs run.
    bool try_start(std::function<void(std::stop_token)> job);

    [[nodiscard]] std::size_t running();

  private:
    struct Worker {
        std::jthread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    void join_finished();  // with mutex_ held

    std::size_t max_running_;
    std::mutex mutex_;
    std::vector<Worker> workers_;
};

}  // namespace sandbox::portals

#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox {

// A child process of ours that runs a function and _exits with what it returns. It is killed
// (SIGKILL) and reaped when this object goes away still running, and gets SIGKILL itself when
// the thread that forked it dies.
class ForkedChild {
  public:
    // `body` runs in the child, which has every fd of ours except those it closes itself.
    static Result<ForkedChild> start(const std::function<int()>& body);

    ForkedChild(ForkedChild&& other) noexcept;
    ForkedChild& operator=(ForkedChild&& other) noexcept;
    ForkedChild(const ForkedChild&) = delete;
    ForkedChild& operator=(const ForkedChild&) = delete;
    ~ForkedChild();

    [[nodiscard]] pid_t pid() const { return pid_; }
    // True once the child has exited and been reaped, waiting up to `timeout` for it.
    bool wait(std::chrono::milliseconds timeout);
    // The exit code, or 128+N after signal N; -1 while running.
    [[nodiscard]] int status() const { return status_; }
    void kill_and_reap();

  private:
    ForkedChild(pid_t pid, UniqueFd pidfd) : pid_(pid), pidfd_(std::move(pidfd)) {}

    pid_t pid_ = -1;
    UniqueFd pidfd_;
    int status_ = -1;
};

}  // namespace sandbox

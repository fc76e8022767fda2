#pragma once

// A clipboard tool (xclip, wl-paste, wl-copy) run by the portal: spawned without a shell, with
// the fds it is given as its stdin/stdout/stderr and nothing else of ours, and always reaped by
// whoever owns this object, so the portal leaves no zombies and needs no SIGCHLD handler.

#include <sys/types.h>

#include <chrono>
#include <stop_token>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::portals {

using Deadline = std::chrono::steady_clock::time_point;

// The child's fds 0, 1, 2; -1 gives it /dev/null there.
struct ToolFds {
    int in = -1;
    int out = -1;
    int err = -1;
};

class ToolProcess {
  public:
    // Runs argv[0] found on PATH, with the portal's environment (its DISPLAY / WAYLAND_DISPLAY).
    static Result<ToolProcess> spawn(const std::vector<std::string>& argv, const ToolFds& fds);

    ToolProcess(ToolProcess&& other) noexcept;
    ToolProcess& operator=(ToolProcess&& other) = delete;
    ToolProcess(const ToolProcess&) = delete;
    ToolProcess& operator=(const ToolProcess&) = delete;
    // Kills (SIGKILL) and reaps the tool if it still runs.
    ~ToolProcess();

    // Its exit status (128+N after signal N) once it exits; an error, and the tool killed, when
    // the deadline passes or `stop` is requested first.
    Result<int> wait(Deadline deadline, const std::stop_token& stop = {});

    [[nodiscard]] const std::string& name() const { return name_; }

  private:
    ToolProcess(std::string name, pid_t pid, UniqueFd pidfd)
        : name_(std::move(name)), pid_(pid), pidfd_(std::move(pidfd)) {}
    int reap();

    std::string name_;
    pid_t pid_ = -1;
    UniqueFd pidfd_;
};

// The slice of a wait between two looks at a stop token: how long a stopping portal waits.
inline constexpr std::chrono::milliseconds kStopPollInterval{100};

// Milliseconds left until `deadline`, at most kStopPollInterval, for poll(2); 0 once past it.
int poll_slice_ms(Deadline deadline);

}  // namespace sandbox::portals

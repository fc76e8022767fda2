#pragma once

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// A file the launched program finds open as fd `fd`, opened afresh for every launch so that each
// one reads it from the start (flatpak's --args, --ro-bind-data and --seccomp fds are read once).
struct InheritedFile {
    int fd;
    std::string path;
    int flags;
};

struct LaunchSpec {
    std::vector<std::string> argv;         // argv[0] is the program's path
    std::vector<std::string> environment;  // "NAME=value" over ours
    std::vector<InheritedFile> files;
};

// Where the launched program's stdin, stdout and stderr go.
struct LaunchIo {
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
};

struct LaunchResult {
    int wait_status = 0;
    double elapsed_ms = 0;  // from just before posix_spawn to the reaping waitpid's return

    [[nodiscard]] bool succeeded() const;
    [[nodiscard]] std::string describe_status() const;
};

// Spawns the program and waits for it; only the spawn and the wait are timed.
Result<LaunchResult> timed_launch(const LaunchSpec& spec, const LaunchIo& io);

}  // namespace sandbox::bench

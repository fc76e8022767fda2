#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/fd.hpp"

namespace sandbox::test {

using namespace std::chrono_literals;

// Hands the parent's `parent_fd` to the child as fd number `child_fd` (numbers below 512). A
// mapping to 0, 1 or 2 replaces the pipe the child would get there.
struct FdMapping {
    int parent_fd;
    int child_fd;
};

struct CommandOptions {
    std::string stdin_data;
    std::vector<FdMapping> extra_fds;
    std::optional<std::vector<std::string>> environment;  // "NAME=value"; empty: inherit ours
    std::chrono::milliseconds timeout = 60s;
    // The child starts a session of its own whose controlling terminal is the tty mapped to its
    // fd 0, as under a terminal emulator.
    bool stdin_is_controlling_tty = false;
    // Without stdin_data the child's stdin ends at once, unless this asks to keep it open until
    // close_stdin() or finish().
    bool keep_stdin_open = false;
};

struct CommandResult {
    int status = -1;  // as a shell reports it: the exit code, or 128+N after signal N
    bool timed_out = false;
    std::string out;
    std::string err;
};

// A started command with pipes on its stdin, stdout and stderr, in its own process group. The
// child gets exactly fds 0-2 and the mapped ones, whatever this process has open. If it is still
// running when this object goes away, its process group is killed and it is reaped.
class ChildProcess {
  public:
    ChildProcess(const std::vector<std::string>& argv, const CommandOptions& options);
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    [[nodiscard]] pid_t pid() const { return pid_; }
    void signal(int signal_number) const;
    void close_stdin() { stdin_.reset(); }

    // Reads stdout until it holds `needle` (true), or stdout ends or the time is up (false).
    bool wait_for_output(std::string_view needle, std::chrono::milliseconds timeout);
    // Reads stdout until every process holding its write end has gone (true) or time is up.
    bool wait_for_stdout_eof(std::chrono::milliseconds timeout);
    [[nodiscard]] const std::string& output_so_far() const { return out_; }

    // Feeds the rest of stdin_data and then ends stdin, collects the output until both pipes end
    // and the process has exited; kills the process group when the time is up.
    CommandResult finish(std::chrono::milliseconds timeout);

  private:
    bool pump(std::chrono::steady_clock::time_point deadline, bool want_exit);
    void kill_group();
    int reap();

    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = -1;
    UniqueFd pidfd_;
    UniqueFd stdin_;
    UniqueFd stdout_;
    UniqueFd stderr_;
    std::string pending_stdin_;
    bool keep_stdin_open_ = false;
    std::string out_;
    std::string err_;
};

CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options = {});

// run_command() for setup steps: anything but a clean exit 0 throws, naming the command, its
// status and its output.
void run_or_throw(const std::vector<std::string>& argv, const CommandOptions& options = {});

// Shell-style status from a waitpid() status.
int shell_status(int wait_status);

}  // namespace sandbox::test

#include "support/command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace sandbox::test {
namespace {

// Sources are first copied to numbers at or above this, so that mapping fd A to B and B to A in
// the child cannot overwrite one with the other.
constexpr int kFirstStagingFd = 512;

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

Pipe make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe2");
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

UniqueFd staged_copy(int fd) {
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, kFirstStagingFd);
    if (copy < 0) throw_errno("F_DUPFD_CLOEXEC of fd " + std::to_string(fd));
    return UniqueFd(copy);
}

// Everything the child needs, built before fork() so that the child only makes system calls.
struct ExecPlan {
    std::vector<std::string> argv_storage;
    std::vector<std::string> env_storage;
    std::vector<char*> argv;
    std::vector<char*> envp;
    std::vector<UniqueFd> staged;  // staged[i] becomes fd targets[i]
    std::vector<int> targets;      // sorted with staged
    bool controlling_tty = false;
};

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

std::vector<std::string> current_environment() {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) entries.emplace_back(*entry);
    return entries;
}

ExecPlan make_exec_plan(const std::vector<std::string>& argv,
                        const std::optional<std::vector<std::string>>& environment,
                        std::vector<FdMapping> mappings) {
    if (argv.empty()) throw std::invalid_argument("empty command");
    ExecPlan plan;
    plan.argv_storage = argv;
    plan.env_storage = environment ? *environment : current_environment();
    plan.argv = pointers_to(plan.argv_storage);
    plan.envp = pointers_to(plan.env_storage);
    std::sort(mappings.begin(), mappings.end(),
              [](const FdMapping& a, const FdMapping& b) { return a.child_fd < b.child_fd; });
    for (const auto& mapping : mappings) {
        if (mapping.child_fd < 0 || mapping.child_fd >= kFirstStagingFd)
            throw std::invalid_argument("child fd out of range: " +
                                        std::to_string(mapping.child_fd));
        plan.staged.push_back(staged_copy(mapping.parent_fd));
        plan.targets.push_back(mapping.child_fd);
    }
    return plan;
}

void close_fds_except(const std::vector<int>& sorted_keep) {
    unsigned first = 0;
    for (int keep : sorted_keep) {
        if (static_cast<unsigned>(keep) > first) syscall(SYS_close_range, first, keep - 1, 0);
        first = static_cast<unsigned>(keep) + 1;
    }
    syscall(SYS_close_range, first, UINT_MAX, 0);
}

void reset_signals() {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
}

[[noreturn]] void exec_in_child(const ExecPlan& plan) {
    reset_signals();
    for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        if (dup2(plan.staged[i].get(), plan.targets[i]) < 0) _exit(126);
    }
    close_fds_except(plan.targets);
    if (plan.controlling_tty) {
        if (setsid() < 0 || ioctl(STDIN_FILENO, TIOCSCTTY, 0) < 0) _exit(126);
    } else {
        setpgid(0, 0);
    }
    execvpe(plan.argv[0], plan.argv.data(), plan.envp.data());
    const char* reason = strerror(errno);
    const char* prefix = "cannot execute ";
    if (write(STDERR_FILENO, prefix, strlen(prefix)) < 0 ||
        write(STDERR_FILENO, plan.argv[0], strlen(plan.argv[0])) < 0 ||
        write(STDERR_FILENO, ": ", 2) < 0 || write(STDERR_FILENO, reason, strlen(reason)) < 0) {
    }
    _exit(127);
}

void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw_errno("O_NONBLOCK");
}

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, INT_MAX));
}

// Appends what is readable to `buffer`; resets `fd` at end of file.
void drain(UniqueFd& fd, std::string& buffer) {
    char chunk[16384];
    for (;;) {
        ssize_t count = read(fd.get(), chunk, sizeof chunk);
        if (count > 0) {
            buffer.append(chunk, static_cast<std::size_t>(count));
            continue;
        }
        if (count < 0 && (errno == EINTR)) continue;
        if (count < 0 && errno == EAGAIN) return;
        fd.reset();
        return;
    }
}

}  // namespace

int shell_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return -1;
}

namespace {

bool is_mapped(const std::vector<FdMapping>& mappings, int child_fd) {
    return std::any_of(mappings.begin(), mappings.end(), [child_fd](const FdMapping& mapping) {
        return mapping.child_fd == child_fd;
    });
}

// A pipe for the child's standard fd `child_fd`, unless the caller maps something there; returns
// our end (the read end for stdout/stderr, the write end for stdin).
UniqueFd standard_pipe(std::vector<FdMapping>& mappings, std::vector<UniqueFd>& child_ends,
                       int child_fd) {
    if (is_mapped(mappings, child_fd)) return {};
    Pipe pipe = make_pipe();
    bool is_input = child_fd == STDIN_FILENO;
    UniqueFd& child_end = is_input ? pipe.read : pipe.write;
    mappings.push_back({child_end.get(), child_fd});
    child_ends.push_back(std::move(child_end));
    UniqueFd ours = std::move(is_input ? pipe.write : pipe.read);
    set_nonblocking(ours.get());
    return ours;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const CommandOptions& options)
    : pending_stdin_(options.stdin_data) {
    std::vector<FdMapping> mappings = options.extra_fds;
    std::vector<UniqueFd> child_ends;
    stdin_ = standard_pipe(mappings, child_ends, STDIN_FILENO);
    stdout_ = standard_pipe(mappings, child_ends, STDOUT_FILENO);
    stderr_ = standard_pipe(mappings, child_ends, STDERR_FILENO);
    ExecPlan plan = make_exec_plan(argv, options.environment, std::move(mappings));
    plan.controlling_tty = options.stdin_is_controlling_tty;

    pid_ = fork();
    if (pid_ < 0) throw_errno("fork");
    if (pid_ == 0) exec_in_child(plan);
    // Also here, so that kill_group() works before the child got to it. Not with a session of its
    // own: setsid() fails for a process group leader.
    if (!plan.controlling_tty) setpgid(pid_, pid_);

    pidfd_.reset(static_cast<int>(syscall(SYS_pidfd_open, pid_, 0)));
    if (!pidfd_) throw_errno("pidfd_open");
    keep_stdin_open_ = options.keep_stdin_open;
    if (pending_stdin_.empty() && !keep_stdin_open_) stdin_.reset();
}

ChildProcess::~ChildProcess() {
    if (reaped_) return;
    kill_group();
    reap();
}

void ChildProcess::signal(int signal_number) const {
    if (!reaped_) kill(pid_, signal_number);
}

void ChildProcess::kill_group() {
    if (reaped_) return;
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
}

int ChildProcess::reap() {
    if (reaped_) return status_;
    int wait_status = 0;
    while (waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    status_ = shell_status(wait_status);
    pidfd_.reset();
    return status_;
}

// One round of poll(): writes stdin, reads stdout/stderr, notices the exit. Returns false when
// there is nothing left to wait for (or, with want_exit, when the process has exited).
bool ChildProcess::pump(std::chrono::steady_clock::time_point deadline, bool want_exit) {
    std::vector<pollfd> fds;
    if (stdin_ && !pending_stdin_.empty()) fds.push_back({stdin_.get(), POLLOUT, 0});
    if (stdout_) fds.push_back({stdout_.get(), POLLIN, 0});
    if (stderr_) fds.push_back({stderr_.get(), POLLIN, 0});
    if (want_exit && pidfd_) fds.push_back({pidfd_.get(), POLLIN, 0});
    if (fds.empty()) return false;
    int ready = poll(fds.data(), fds.size(), milliseconds_until(deadline));
    if (ready < 0 && errno != EINTR) throw_errno("poll");
    for (const auto& entry : fds) {
        if (entry.revents == 0) continue;
        if (entry.fd == stdin_.get()) {
            ssize_t count = write(stdin_.get(), pending_stdin_.data(), pending_stdin_.size());
            if (count > 0) pending_stdin_.erase(0, static_cast<std::size_t>(count));
            bool done = pending_stdin_.empty() && !keep_stdin_open_;
            if ((count < 0 && errno != EAGAIN) || done) stdin_.reset();
        } else if (entry.fd == stdout_.get()) {
            drain(stdout_, out_);
        } else if (entry.fd == stderr_.get()) {
            drain(stderr_, err_);
        } else if (entry.fd == pidfd_.get()) {
            pidfd_.reset();
        }
    }
    return true;
}

bool ChildProcess::wait_for_output(std::string_view needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (out_.find(needle) == std::string::npos) {
        if (!stdout_ || std::chrono::steady_clock::now() >= deadline) return false;
        pump(deadline, false);
    }
    return true;
}

bool ChildProcess::wait_for_stdout_eof(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (stdout_) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        pump(deadline, false);
    }
    return true;
}

CommandResult ChildProcess::finish(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    CommandResult result;
    keep_stdin_open_ = false;
    if (pending_stdin_.empty()) stdin_.reset();
    while (!reaped_ && (stdout_ || stderr_ || pidfd_)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            result.timed_out = true;
            kill_group();
            break;
        }
        pump(deadline, true);
    }
    stdin_.reset();
    stdout_.reset();
    stderr_.reset();
    result.status = reap();
    result.out = out_;
    result.err = err_;
    return result;
}

CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options) {
    ChildProcess child(argv, options);
    return child.finish(options.timeout);
}

void run_or_throw(const std::vector<std::string>& argv, const CommandOptions& options) {
    CommandResult result = run_command(argv, options);
    if (result.status == 0 && !result.timed_out) return;
    std::string command;
    for (const std::string& arg : argv) command += (command.empty() ? "" : " ") + arg;
    throw std::runtime_error(command + (result.timed_out ? " timed out" : " failed") +
                             " with status " + std::to_string(result.status) + ":\n" + result.out +
                             result.err);
}

}  // namespace sandbox::test

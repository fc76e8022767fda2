#include "host_clipboard_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

extern char** environ;

namespace sandbox::portals {
namespace {

// posix_spawn's attributes and file actions, destroyed with this object.
class SpawnSetup {
  public:
    SpawnSetup() {
        posix_spawnattr_init(&attributes_);
        posix_spawn_file_actions_init(&actions_);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions_);
        posix_spawnattr_destroy(&attributes_);
    }

    // The worker threads block SIGPIPE; the tool gets an empty mask and SIGPIPE's default
    // action back, so it dies when the app stops reading instead of spinning on EPIPE.
    int reset_signals() {
        sigset_t empty;
        sigemptyset(&empty);
        sigset_t pipe_only;
        sigemptyset(&pipe_only);
        sigaddset(&pipe_only, SIGPIPE);
        if (int error = posix_spawnattr_setsigmask(&attributes_, &empty)) return error;
        if (int error = posix_spawnattr_setsigdefault(&attributes_, &pipe_only)) return error;
        return posix_spawnattr_setflags(&attributes_,
                                        POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    }

    int wire(int parent_fd, int child_fd) {
        if (parent_fd < 0)
            return posix_spawn_file_actions_addopen(&actions_, child_fd, "/dev/null", O_RDWR, 0);
        return posix_spawn_file_actions_adddup2(&actions_, parent_fd, child_fd);
    }

    // Another thread may have opened an fd without O_CLOEXEC; the tool must not get it.
    int close_the_rest() { return posix_spawn_file_actions_addclosefrom_np(&actions_, 3); }

    posix_spawnattr_t* attributes() { return &attributes_; }
    posix_spawn_file_actions_t* actions() { return &actions_; }

  private:
    posix_spawnattr_t attributes_;
    posix_spawn_file_actions_t actions_;
};

int shell_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return -1;
}

}  // namespace

int poll_slice_ms(Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(
        std::clamp(left, std::chrono::milliseconds(0), kStopPollInterval).count());
}

Result<ToolProcess> ToolProcess::spawn(const std::vector<std::string>& argv, const ToolFds& fds) {
    const std::string name = argv.at(0);
    SpawnSetup setup;
    int error = setup.reset_signals();
    if (error == 0) error = setup.wire(fds.in, 0);
    if (error == 0) error = setup.wire(fds.out, 1);
    if (error == 0) error = setup.wire(fds.err, 2);
    if (error == 0) error = setup.close_the_rest();
    if (error != 0) return system_error("Can't prepare to run " + name, error);

    std::vector<char*> arguments;
    for (const auto& argument : argv) arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);

    pid_t pid = -1;
    error = posix_spawnp(&pid, name.c_str(), setup.actions(), setup.attributes(), arguments.data(),
                         environ);
    if (error != 0) return system_error("Can't run " + name, error);

    // Our own unreaped child: its pid cannot be reused before we wait for it.
    UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd) {
        const int open_error = errno;
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        return system_error("Can't watch " + name, open_error);
    }
    return ToolProcess(name, pid, std::move(pidfd));
}

ToolProcess::ToolProcess(ToolProcess&& other) noexcept
    : name_(std::move(other.name_)),
      pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::move(other.pidfd_)) {}

ToolProcess::~ToolProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    reap();
}

int ToolProcess::reap() {
    int wait_status = 0;
    while (waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    pidfd_.reset();
    return shell_status(wait_status);
}

Result<int> ToolProcess::wait(Deadline deadline, const std::stop_token& stop) {
    if (pid_ <= 0) return usage_error(name_ + " was already waited for");
    while (!stop.stop_requested()) {
        pollfd exited{pidfd_.get(), POLLIN, 0};
        const int ready = poll(&exited, 1, poll_slice_ms(deadline));
        if (ready > 0) return reap();
        if (ready < 0 && errno != EINTR) return system_error("Can't wait for " + name_);
        if (std::chrono::steady_clock::now() >= deadline) break;
    }
    kill(pid_, SIGKILL);
    reap();
    return usage_error(name_ + " took too long and was stopped");
}

}  // namespace sandbox::portals

#include "sandbox/common/forked_child.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <utility>

namespace sandbox {
namespace {

int shell_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return -1;
}

[[noreturn]] void run_child(pid_t parent, const std::function<int()>& body) {
    // Dies with the thread that forked it; that one may already be gone (then ppid changed).
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || ::getppid() != parent) ::_exit(1);
    ::_exit(body());
}

}  // namespace

Result<ForkedChild> ForkedChild::start(const std::function<int()>& body) {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) return system_error("Can't fork for the D-Bus proxy");
    if (pid == 0) run_child(parent, body);
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd) {
        const int error = errno;
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        return system_error("pidfd_open for the D-Bus proxy", error);
    }
    return ForkedChild(pid, std::move(pidfd));
}

ForkedChild::ForkedChild(ForkedChild&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      pidfd_(std::move(other.pidfd_)),
      status_(std::exchange(other.status_, -1)) {}

ForkedChild& ForkedChild::operator=(ForkedChild&& other) noexcept {
    if (this != &other) {
        kill_and_reap();
        pid_ = std::exchange(other.pid_, -1);
        pidfd_ = std::move(other.pidfd_);
        status_ = std::exchange(other.status_, -1);
    }
    return *this;
}

ForkedChild::~ForkedChild() {
    kill_and_reap();
}

bool ForkedChild::wait(std::chrono::milliseconds timeout) {
    if (pid_ < 0) return true;
    pollfd exited{pidfd_.get(), POLLIN, 0};
    int ready;
    while ((ready = ::poll(&exited, 1, static_cast<int>(timeout.count()))) < 0 && errno == EINTR) {
    }
    if (ready <= 0) return false;
    int wait_status = 0;
    const pid_t reaped = ::waitpid(pid_, &wait_status, WNOHANG);
    if (reaped == 0 || (reaped < 0 && errno != ECHILD)) return false;
    // ECHILD: someone else in this process reaped it.
    status_ = reaped == pid_ ? shell_status(wait_status) : -1;
    pid_ = -1;
    pidfd_.reset();
    return true;
}

void ForkedChild::kill_and_reap() {
    if (pid_ < 0) return;
    ::syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0);
    int wait_status = 0;
    while (::waitpid(pid_, &wait_status, 0) < 0 && errno == EINTR) {
    }
    status_ = shell_status(wait_status);
    pid_ = -1;
    pidfd_.reset();
}

}  // namespace sandbox

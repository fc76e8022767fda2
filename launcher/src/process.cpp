#include "process.hpp"

#include <linux/close_range.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <climits>

#include "sandbox/common/fd.hpp"

namespace sandbox::launcher {

sigset_t forwarded_signals() {
    sigset_t set;
    sigemptyset(&set);
    for (int signal : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD})
        sigaddset(&set, signal);
    return set;
}

int shell_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 255;
}

Status die_with_parent(int parent_pidfd) {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        return system_error("prctl(PR_SET_PDEATHSIG) failed");
    // The parent may have died before the prctl took effect: its pidfd is readable then.
    pollfd poll_parent{parent_pidfd, POLLIN, 0};
    if (::poll(&poll_parent, 1, 0) > 0) ::_exit(1);
    return ok_status();
}

void close_fds_except(std::vector<int> keep) {
    std::sort(keep.begin(), keep.end());
    unsigned int next = 3;
    for (int fd : keep) {
        if (fd < static_cast<int>(next)) continue;
        if (static_cast<unsigned int>(fd) > next)
            ::syscall(SYS_close_range, next, static_cast<unsigned int>(fd) - 1, 0);
        next = static_cast<unsigned int>(fd) + 1;
    }
    ::syscall(SYS_close_range, next, UINT_MAX, 0);
}

namespace {

int wait_for(pid_t app) {
    for (;;) {
        int status = 0;
        pid_t reaped = ::waitpid(-1, &status, 0);
        if (reaped == app) return shell_status(status);
        if (reaped < 0 && errno != EINTR) return 1;
    }
}

}  // namespace

int reap_as_init(pid_t app) {
    sigset_t signals = forwarded_signals();
    UniqueFd signal_fd(::signalfd(-1, &signals, SFD_CLOEXEC));
    if (!signal_fd) return wait_for(app);
    for (;;) {
        signalfd_siginfo info{};
        if (::read(signal_fd.get(), &info, sizeof info) == sizeof info &&
            info.ssi_signo != SIGCHLD) {
            ::kill(app, static_cast<int>(info.ssi_signo));
            continue;
        }
        int status = 0;
        pid_t reaped;
        while ((reaped = ::waitpid(-1, &status, WNOHANG)) > 0) {
            if (reaped == app) return shell_status(status);
        }
        if (reaped < 0 && errno == ECHILD) return 1;
    }
}

}  // namespace sandbox::launcher

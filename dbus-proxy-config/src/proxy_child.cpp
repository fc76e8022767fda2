#include "proxy_child.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <vector>

#include "sandbox/launcher/launch.hpp"

namespace sandbox::dbus_proxy {
namespace {

constexpr const char* kProgramName = "sandbox-dbus-proxy";

// The forked process would otherwise keep every fd of the caller's open for as long as the proxy
// runs, among them other sandboxes' sync fds, whose proxies would then never see them close.
void close_fds_except(std::vector<int> keep) {
    std::sort(keep.begin(), keep.end());
    unsigned int first = 3;
    for (int fd : keep) {
        if (fd < static_cast<int>(first)) continue;
        if (fd > static_cast<int>(first)) ::syscall(SYS_close_range, first, fd - 1, 0);
        first = static_cast<unsigned int>(fd) + 1;
    }
    ::syscall(SYS_close_range, first, UINT_MAX, 0);
}

// The proxy must not read the app's terminal, and its --log output must not end up in the
// app's stdout (which may be a pipe to another program): both go to stderr.
void redirect_stdio() {
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null >= 0) {
        ::dup2(null, STDIN_FILENO);
        ::close(null);
    }
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

void clear_cloexec(int fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags >= 0) ::fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
}

std::vector<int> fds_of(const launcher::LaunchPlan& plan) {
    std::vector<int> fds = plan.keep_fds;
    fds.insert(fds.end(), plan.consumed_fds.begin(), plan.consumed_fds.end());
    return fds;
}

}  // namespace

int run_proxy_sandbox(const launcher::LaunchPlan& plan) {
    close_fds_except(fds_of(plan));
    redirect_stdio();
    // The fds the proxy reads (--args) and writes (--fd) must survive its exec.
    for (int fd : plan.keep_fds) clear_cloexec(fd);
    // Out of the caller's session: a Ctrl-C meant for the app must not end the proxy first.
    ::setsid();
    auto status = launcher::launch(plan, {.program_name = kProgramName});
    if (!status) {
        std::fprintf(stderr, "%s: %s\n", kProgramName, status.error().message().c_str());
        return 1;
    }
    return *status;
}

}  // namespace sandbox::dbus_proxy

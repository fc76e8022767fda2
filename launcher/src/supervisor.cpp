#include "supervisor.hpp"

#include <fcntl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <utility>
#include <vector>

#include "process.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

// (name, unshared?) in bubblewrap's order; the user namespace is left out as bubblewrap does.
std::vector<std::pair<const char*, bool>> reported_namespaces(const Namespaces& ns) {
    return {{"cgroup", ns.cgroup}, {"ipc", ns.ipc}, {"mnt", true},
            {"net", ns.net},       {"pid", ns.pid}, {"uts", ns.uts}};
}

std::string namespace_ids(pid_t child, const Namespaces& ns, const char* separator) {
    std::string ids;
    const std::string dir = "/proc/" + std::to_string(child) + "/ns/";
    for (const auto& [name, unshared] : reported_namespaces(ns)) {
        struct stat st {};
        if (!unshared || ::stat((dir + name).c_str(), &st) != 0) continue;
        ids += std::string(",") + separator + "\"" + name +
               "-namespace\": " + std::to_string(st.st_ino);
    }
    return ids;
}

void report_start(pid_t child, const LaunchPlan& plan) {
    if (plan.info_fd >= 0) {
        (void)write_all(plan.info_fd, "{\n    \"child-pid\": " + std::to_string(child) +
                                          namespace_ids(child, plan.namespaces, "\n    ") +
                                          "\n}\n");
        ::close(plan.info_fd);
    }
    if (plan.json_status_fd >= 0)
        (void)write_all(plan.json_status_fd, "{ \"child-pid\": " + std::to_string(child) +
                                                 namespace_ids(child, plan.namespaces, " ") +
                                                 " }\n");
}

void report_exit(int status, const LaunchPlan& plan) {
    if (plan.json_status_fd < 0) return;
    (void)write_all(plan.json_status_fd, "{ \"exit-code\": " + std::to_string(status) + " }\n");
    ::close(plan.json_status_fd);
}

}  // namespace

int supervise(pid_t child, const LaunchPlan& plan) {
    report_start(child, plan);
    sigset_t signals = forwarded_signals();
    UniqueFd signal_fd(::signalfd(-1, &signals, SFD_CLOEXEC));
    int status = 0;
    for (;;) {
        signalfd_siginfo info{};
        if (signal_fd && ::read(signal_fd.get(), &info, sizeof info) == sizeof info &&
            info.ssi_signo != SIGCHLD) {
            ::kill(child, static_cast<int>(info.ssi_signo));
            continue;
        }
        pid_t reaped = ::waitpid(child, &status, signal_fd ? WNOHANG : 0);
        if (reaped == child) break;
        if (reaped < 0 && errno != EINTR) {
            status = 255 << 8;
            break;
        }
    }
    const int result = shell_status(status);
    report_exit(result, plan);
    return result;
}

}  // namespace sandbox::launcher

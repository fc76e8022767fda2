#include "sandbox/instances/signal.hpp"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "sandbox/common/fd.hpp"

namespace sandbox::instances {

pid_t parent_of(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so read after the last
    // ')'.
    const std::size_t end = text.rfind(')');
    if (end == std::string::npos) return 0;
    std::istringstream rest(text.substr(end + 1));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    return parent;
}

Status kill_instance(const InstanceRecord& instance) {
    if (instance.child_pid <= 0)
        return usage_error("Instance " + instance.id + " has not started its sandbox yet");
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, instance.child_pid, 0)));
    if (!pidfd) return system_error("Can't find the sandbox of instance " + instance.id);
    if (parent_of(instance.child_pid) != instance.pid)
        return usage_error("Instance " + instance.id + " has already ended");
    if (::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0) != 0)
        return system_error("Can't kill instance " + instance.id);
    return ok_status();
}

}  // namespace sandbox::instances

#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sandbox::test {

struct ProcessInfo {
    pid_t pid = 0;
    char state = '?';
    std::string name;
};

// Processes whose parent is this process. Orphaned sandbox processes land here too, because the
// test main makes this process a child subreaper.
std::vector<ProcessInfo> child_processes();
std::string describe(const std::vector<ProcessInfo>& processes);

// What a sandbox must leave as it found it on the host.
struct HostState {
    std::vector<std::string> mounts;  // lines of /proc/self/mountinfo (this process is on the host)

    static HostState capture();
};

// "" when equal, else the lines that appeared and disappeared.
std::string mount_changes(const HostState& before, const HostState& after);

}  // namespace sandbox::test

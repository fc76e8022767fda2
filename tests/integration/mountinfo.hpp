#pragma once

#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace sandbox::test {

// One line of /proc/PID/mountinfo:
// "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
struct MountEntry {
    std::string root;
    std::string mount_point;
    std::set<std::string> options;         // per-mount: ro/rw, nosuid, nodev, noexec...
    std::vector<std::string> propagation;  // optional fields: shared:N, master:N...
    std::string fs_type;
    std::set<std::string> super_options;  // per-superblock: size=..., mode=...
    std::string line;
};

inline std::set<std::string> split_options(const std::string& text) {
    std::set<std::string> options;
    std::istringstream stream(text);
    for (std::string option; std::getline(stream, option, ',');) options.insert(option);
    return options;
}

inline MountEntry parse_mountinfo_line(const std::string& line) {
    MountEntry entry;
    entry.line = line;
    std::istringstream fields(line);
    std::string id, parent, device, options;
    fields >> id >> parent >> device >> entry.root >> entry.mount_point >> options;
    entry.options = split_options(options);
    for (std::string field; fields >> field && field != "-";) entry.propagation.push_back(field);
    std::string source, super_options;
    fields >> entry.fs_type >> source >> super_options;
    entry.super_options = split_options(super_options);
    return entry;
}

inline std::vector<MountEntry> parse_mounts(const std::vector<std::string>& lines) {
    std::vector<MountEntry> mounts;
    for (const auto& line : lines) mounts.push_back(parse_mountinfo_line(line));
    return mounts;
}

}  // namespace sandbox::test

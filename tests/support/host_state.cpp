#include "support/host_state.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sandbox::test {
namespace {

bool is_number(const std::string& text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// /proc/PID/stat is "pid (comm) state ppid ...", and comm may itself hold spaces or parentheses.
bool read_stat(const std::filesystem::path& stat_path, ProcessInfo& info, pid_t& parent) {
    std::ifstream file(stat_path);
    std::string line;
    if (!std::getline(file, line)) return false;
    auto open = line.find('(');
    auto close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return false;
    info.name = line.substr(open + 1, close - open - 1);
    std::istringstream rest(line.substr(close + 1));
    long ppid = 0;
    if (!(rest >> info.state >> ppid)) return false;
    parent = static_cast<pid_t>(ppid);
    return true;
}

std::vector<std::string> lines_missing_from(const std::vector<std::string>& lines,
                                            const std::vector<std::string>& other) {
    std::vector<std::string> sorted_lines = lines;
    std::vector<std::string> sorted_other = other;
    std::sort(sorted_lines.begin(), sorted_lines.end());
    std::sort(sorted_other.begin(), sorted_other.end());
    std::vector<std::string> missing;
    std::set_difference(sorted_lines.begin(), sorted_lines.end(), sorted_other.begin(),
                        sorted_other.end(), std::back_inserter(missing));
    return missing;
}

}  // namespace

std::vector<ProcessInfo> child_processes() {
    std::vector<ProcessInfo> children;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
        std::string name = entry.path().filename();
        if (!is_number(name)) continue;
        ProcessInfo info;
        pid_t parent = 0;
        if (!read_stat(entry.path() / "stat", info, parent) || parent != getpid()) continue;
        info.pid = static_cast<pid_t>(std::stol(name));
        children.push_back(info);
    }
    return children;
}

std::string describe(const std::vector<ProcessInfo>& processes) {
    std::string text;
    for (const auto& process : processes) {
        text += "pid " + std::to_string(process.pid) + " (" + process.name + ") state " +
                process.state + "\n";
    }
    return text;
}

HostState HostState::capture() {
    HostState state;
    std::ifstream mountinfo("/proc/self/mountinfo");
    for (std::string line; std::getline(mountinfo, line);) state.mounts.push_back(line);
    return state;
}

std::string mount_changes(const HostState& before, const HostState& after) {
    std::string text;
    for (const auto& line : lines_missing_from(after.mounts, before.mounts))
        text += "+ " + line + "\n";
    for (const auto& line : lines_missing_from(before.mounts, after.mounts))
        text += "- " + line + "\n";
    return text;
}

}  // namespace sandbox::test

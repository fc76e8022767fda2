#include "portal/support/process_tree.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace sandbox::test {
namespace {

struct Status {
    pid_t parent = 0;
    char state = '?';
};

// PPid and state of a process; state 'X' when it is gone.
Status status_of(pid_t pid) {
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    Status status{0, 'X'};
    std::string line;
    while (std::getline(file, line)) {
        if (line.starts_with("State:") && line.size() > 7)
            status.state = line[line.find_first_not_of(" \t", 6)];
        if (line.starts_with("PPid:"))
            status.parent = static_cast<pid_t>(std::stol(line.substr(5)));
    }
    return status;
}

bool alive(pid_t pid) {
    const char state = status_of(pid).state;
    return state != 'X' && state != 'Z';
}

}  // namespace

std::vector<pid_t> descendants_of(pid_t ancestor) {
    std::multimap<pid_t, pid_t> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = static_cast<pid_t>(std::stol(name));
        const Status status = status_of(pid);
        if (status.state != 'X' && status.state != 'Z') children.emplace(status.parent, pid);
    }
    std::vector<pid_t> found;
    std::vector<pid_t> frontier{ancestor};
    while (!frontier.empty()) {
        const pid_t parent = frontier.back();
        frontier.pop_back();
        for (auto [it, end] = children.equal_range(parent); it != end; ++it) {
            found.push_back(it->second);
            frontier.push_back(it->second);
        }
    }
    return found;
}

std::vector<pid_t> wait_or_kill(const std::vector<pid_t>& pids, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto any_alive = [&] {
        for (pid_t pid : pids)
            if (alive(pid)) return true;
        return false;
    };
    while (any_alive() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::vector<pid_t> killed;
    for (pid_t pid : pids)
        if (alive(pid) && ::kill(pid, SIGKILL) == 0) killed.push_back(pid);
    return killed;
}

}  // namespace sandbox::test

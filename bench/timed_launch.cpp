#include "timed_launch.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

extern char** environ;

namespace sandbox::bench {
namespace {

class SpawnFileActions {
  public:
    SpawnFileActions() { ::posix_spawn_file_actions_init(&actions_); }
    SpawnFileActions(const SpawnFileActions&) = delete;
    SpawnFileActions& operator=(const SpawnFileActions&) = delete;
    ~SpawnFileActions() { ::posix_spawn_file_actions_destroy(&actions_); }

    void redirect(int from_fd, int to_fd) {
        ::posix_spawn_file_actions_adddup2(&actions_, from_fd, to_fd);
    }
    void open_file(const InheritedFile& file) {
        ::posix_spawn_file_actions_addopen(&actions_, file.fd, file.path.c_str(), file.flags, 0);
    }
    const posix_spawn_file_actions_t* get() const { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_;
};

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    pointers.reserve(strings.size() + 1);
    for (const auto& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

std::string variable_name(const std::string& entry) {
    return entry.substr(0, entry.find('='));
}

// Our environment with `overrides` replacing or adding variables.
std::vector<std::string> merged_environment(const std::vector<std::string>& overrides) {
    std::vector<std::string> merged(overrides);
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string name = variable_name(*entry);
        bool overridden = std::any_of(overrides.begin(), overrides.end(), [&](const auto& over) {
            return variable_name(over) == name;
        });
        if (!overridden) merged.emplace_back(*entry);
    }
    return merged;
}

Result<int> reap(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return system_error("Can't wait for pid " + std::to_string(pid));
    }
    return status;
}

}  // namespace

bool LaunchResult::succeeded() const {
    return WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
}

std::string LaunchResult::describe_status() const {
    if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
    if (WIFSIGNALED(wait_status))
        return "killed by signal " + std::to_string(WTERMSIG(wait_status));
    return "wait status " + std::to_string(wait_status);
}

Result<LaunchResult> timed_launch(const LaunchSpec& spec, const LaunchIo& io) {
    SpawnFileActions actions;
    actions.redirect(io.stdin_fd, STDIN_FILENO);
    actions.redirect(io.stdout_fd, STDOUT_FILENO);
    actions.redirect(io.stderr_fd, STDERR_FILENO);
    for (const auto& file : spec.files) actions.open_file(file);
    auto arguments = c_strings(spec.argv);
    auto environment_storage = merged_environment(spec.environment);
    auto environment = c_strings(environment_storage);

    auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    int error = ::posix_spawn(&pid, arguments[0], actions.get(), nullptr, arguments.data(),
                              environment.data());
    if (error != 0) return system_error("Can't spawn " + spec.argv[0], error);
    auto status = reap(pid);
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (!status) return status.take_error();

    return LaunchResult{*status, std::chrono::duration<double, std::milli>(elapsed).count()};
}

}  // namespace sandbox::bench

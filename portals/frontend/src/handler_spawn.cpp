#include "handler_spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <thread>

extern char** environ;

namespace sandbox::portals {
namespace {

struct FileActions {
    posix_spawn_file_actions_t actions{};
    FileActions() { posix_spawn_file_actions_init(&actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
};

struct Attributes {
    posix_spawnattr_t attributes{};
    Attributes() { posix_spawnattr_init(&attributes); }
    ~Attributes() { posix_spawnattr_destroy(&attributes); }
    Attributes(const Attributes&) = delete;
    Attributes& operator=(const Attributes&) = delete;
};

// The portal's environment with `extra` set over it.
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string variable(*entry);
        const std::string name = variable.substr(0, variable.find('='));
        bool replaced = false;
        for (const std::string& setting : extra)
            replaced = replaced || setting.substr(0, setting.find('=')) == name;
        if (!replaced) environment.push_back(variable);
    }
    environment.insert(environment.end(), extra.begin(), extra.end());
    return environment;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (std::string& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

void prepare(Attributes& attributes) {
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes.attributes, &none);
    posix_spawnattr_setsigdefault(&attributes.attributes, &all);
    posix_spawnattr_setflags(&attributes.attributes,
                             POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSID);
}

void prepare(FileActions& files, const std::string& working_dir) {
    posix_spawn_file_actions_addopen(&files.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addclosefrom_np(&files.actions, STDERR_FILENO + 1);
    if (!working_dir.empty())
        posix_spawn_file_actions_addchdir_np(&files.actions, working_dir.c_str());
}

}  // namespace

Status spawn_detached(const SpawnRequest& request) {
    if (request.argv.empty()) return usage_error("Nothing to start");
    Attributes attributes;
    prepare(attributes);
    FileActions files;
    prepare(files, request.working_dir);
    std::vector<std::string> argv = request.argv;
    std::vector<std::string> environment = environment_with(request.extra_environment);
    std::vector<char*> argv_pointers = pointers_to(argv);
    std::vector<char*> environment_pointers = pointers_to(environment);
    pid_t pid = 0;
    const int error = posix_spawnp(&pid, argv_pointers[0], &files.actions, &attributes.attributes,
                                   argv_pointers.data(), environment_pointers.data());
    if (error != 0) return system_error("Can't start " + request.argv.front(), error);
    std::thread([pid]() {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }).detach();
    return ok_status();
}

}  // namespace sandbox::portals

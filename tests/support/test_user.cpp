#include "support/test_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>

#include "support/files.hpp"

extern char** environ;

namespace sandbox::test {
namespace {

constexpr const char* kTestUser = "sandbox-test";

[[noreturn]] void die(const std::string& message) {
    std::cerr << "sandbox tests: " << message << '\n';
    std::exit(1);
}

std::string errno_text(int code = errno) {
    return std::strerror(code);
}

struct TestUser {
    std::string name;
    std::string home;
    uid_t uid;
    gid_t gid;
};

int run_as_root(const char* const* argv) {
    pid_t pid = -1;
    int error = posix_spawn(&pid, argv[0], nullptr, nullptr, const_cast<char**>(argv), environ);
    if (error != 0) die(std::string("cannot run ") + argv[0] + ": " + errno_text(error));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run_useradd() {
    const char* argv[] = {"/usr/sbin/useradd", "--system", "--create-home", "--shell",
                          "/usr/sbin/nologin", kTestUser,  nullptr};
    return run_as_root(argv);
}

// Where the next subordinate range starts in FILE (/etc/subuid, /etc/subgid): after every
// range already given, and at least where useradd starts them (SUB_UID_MIN).
unsigned long next_free_subordinate_id(const char* file, bool& user_has_one) {
    unsigned long next = 100000;
    std::ifstream stream(file);
    std::string line;
    while (std::getline(stream, line)) {
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        if (line.substr(0, first) == kTestUser) user_has_one = true;
        const unsigned long start = std::strtoul(line.c_str() + first + 1, nullptr, 10);
        const unsigned long count = std::strtoul(line.c_str() + second + 1, nullptr, 10);
        next = std::max(next, start + count);
    }
    return next;
}

// An ordinary desktop user has subordinate uids and gids (useradd gives them to non-system
// users); the Debian runtime tests build with mmdebstrap's unshare mode, which needs them.
void give_subordinate_ids() {
    bool has_uids = false;
    bool has_gids = false;
    const unsigned long next = std::max(next_free_subordinate_id("/etc/subuid", has_uids),
                                        next_free_subordinate_id("/etc/subgid", has_gids));
    if (has_uids && has_gids) return;
    const std::string range = std::to_string(next) + "-" + std::to_string(next + 65535);
    const char* argv[] = {"/usr/sbin/usermod", "--add-subuids", range.c_str(), "--add-subgids",
                          range.c_str(),       kTestUser,       nullptr};
    if (int status = run_as_root(argv); status != 0)
        std::cerr << "sandbox tests: usermod --add-subuids for " << kTestUser << " exited with "
                  << status << '\n';
}

// Test programs may start in parallel (ctest -j); useradd then fails on the locked passwd file
// or on the user another one just made, so retry until the user is there.
TestUser lookup_or_create_test_user() {
    int last_status = 0;
    for (int attempt = 0; attempt < 50; ++attempt) {
        if (passwd* entry = getpwnam(kTestUser))
            return {entry->pw_name, entry->pw_dir, entry->pw_uid, entry->pw_gid};
        last_status = run_useradd();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    die(std::string("cannot create user ") + kTestUser + ": useradd exited with " +
        std::to_string(last_status));
}

void switch_to(const TestUser& user) {
    if (initgroups(user.name.c_str(), user.gid) != 0) die("initgroups: " + errno_text());
    if (setgid(user.gid) != 0) die("setgid: " + errno_text());
    if (setuid(user.uid) != 0) die("setuid: " + errno_text());
    if (setuid(0) == 0) die("still able to become root after dropping privileges");
    // setuid() cleared the dumpable flag, and a non-dumpable process cannot write the uid_map of
    // a user namespace it creates.
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) die("PR_SET_DUMPABLE: " + errno_text());
    setenv("HOME", user.home.c_str(), 1);
    setenv("USER", user.name.c_str(), 1);
    setenv("LOGNAME", user.name.c_str(), 1);
    unsetenv("XDG_RUNTIME_DIR");
}

std::filesystem::path& private_tmpdir() {
    static std::filesystem::path path;
    return path;
}

void remove_private_tmpdir() {
    remove_tree(private_tmpdir());
}

void make_private_tmpdir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/sandbox-test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) die("cannot create " + pattern + ": " + errno_text());
    private_tmpdir() = pattern;
    setenv("TMPDIR", pattern.c_str(), 1);
    std::atexit(remove_private_tmpdir);
}

std::filesystem::path first_untraversable_parent(const std::filesystem::path& program) {
    std::filesystem::path prefix;
    for (const auto& part : program.parent_path()) {
        prefix /= part;
        if (access(prefix.c_str(), X_OK) != 0) return prefix;
    }
    return {};
}

// A desktop gives every user /dev/fuse (mode 0666); some machines keep it root's. The document
// store the portal tests start mounts through it as the test user.
void open_fuse_to_users() {
    struct stat status {};
    if (stat("/dev/fuse", &status) != 0 || (status.st_mode & 0666) == 0666) return;
    if (chmod("/dev/fuse", 0666) != 0)
        std::cerr << "sandbox tests: chmod /dev/fuse: " << errno_text() << '\n';
}

}  // namespace

void become_unprivileged_test_user() {
    if (geteuid() == 0 || getuid() == 0) {
        open_fuse_to_users();
        TestUser user = lookup_or_create_test_user();
        give_subordinate_ids();
        switch_to(user);
    }
    make_private_tmpdir();
}

void require_executable(const std::vector<std::filesystem::path>& programs) {
    for (const auto& program : programs) {
        if (access(program.c_str(), X_OK) == 0) continue;
        int error = errno;
        std::string who = "user " + std::to_string(getuid());
        if (auto parent = first_untraversable_parent(program); !parent.empty())
            die(program.string() + " is out of reach of " + who + ": directory " + parent.string() +
                " is not searchable by it (make it o+x, or build elsewhere)");
        die(program.string() + " cannot be executed by " + who + ": " + errno_text(error) +
            (error == ENOENT ? " (build it, or point SANDBOX_TEST_LAUNCHER at another launcher)"
                             : ""));
    }
}

}  // namespace sandbox::test

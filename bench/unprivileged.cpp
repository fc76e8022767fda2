#include "unprivileged.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdlib>

#ifdef LAUNCH_BENCH_WITH_TEST_SUPPORT
#include "support/test_user.hpp"
#endif

namespace sandbox::bench {

#ifndef LAUNCH_BENCH_WITH_TEST_SUPPORT
namespace {

constexpr const char* kTestUser = "sandbox-test";

// For builds without the tests: the same steps, without creating the user.
Status switch_to_existing_user(const std::string& user) {
    const passwd* entry = ::getpwnam(user.c_str());
    if (entry == nullptr)
        return usage_error("Running as root needs the unprivileged user '" + user +
                           "' (create it, or run as an ordinary user)");
    if (::setgroups(0, nullptr) != 0) return system_error("Can't drop supplementary groups");
    if (::setresgid(entry->pw_gid, entry->pw_gid, entry->pw_gid) != 0)
        return system_error("Can't switch to gid " + std::to_string(entry->pw_gid));
    if (::setresuid(entry->pw_uid, entry->pw_uid, entry->pw_uid) != 0)
        return system_error("Can't switch to uid " + std::to_string(entry->pw_uid));
    // setuid cleared the dumpable flag, which leaves /proc/self owned by root: the launchers could
    // then not write their own uid_map/gid_map.
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) return system_error("Can't set PR_SET_DUMPABLE");
    ::setenv("HOME", entry->pw_dir, 1);
    ::setenv("USER", entry->pw_name, 1);
    ::setenv("LOGNAME", entry->pw_name, 1);
    ::unsetenv("TMPDIR");  // root's TMPDIR need not be writable by the user; /tmp is
    if (::chdir("/") != 0) return system_error("Can't change directory to /");
    return ok_status();
}

}  // namespace
#endif

Status become_unprivileged_if_root() {
    if (::geteuid() != 0) return ok_status();
#ifdef LAUNCH_BENCH_WITH_TEST_SUPPORT
    sandbox::test::become_unprivileged_test_user();  // exits with a message when it can't
    return ok_status();
#else
    return switch_to_existing_user(kTestUser);
#endif
}

}  // namespace sandbox::bench

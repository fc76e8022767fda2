// main() of integration_flatpak. Like the support library's test main (drop root, private TMPDIR,
// child subreaper), except that a missing sandbox-launch is not fatal here: the bwrap half of the
// comparison still runs, and the sandbox-launch tests skip with the reason.

#include <gtest/gtest.h>
#include <sys/prctl.h>

#include <csignal>
#include <cstdio>

#include "support/test_user.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

    sandbox::test::become_unprivileged_test_user();
    sandbox::test::require_executable(
        {"/usr/bin/flatpak", "/usr/bin/bwrap", "/usr/bin/dbus-daemon"});
    // flatpak's D-Bus proxies outlive the flatpak process that started them; as orphans they come
    // back to us, so the fixture can check that they are gone after each test.
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        std::perror("PR_SET_CHILD_SUBREAPER");
        return 1;
    }
    std::signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}

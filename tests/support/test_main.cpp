// main() of the integration tests: drops root if it has it, makes this process a subreaper so that
// orphaned sandbox processes come back to it (and the fixture can see them), then runs the tests.

#include <gtest/gtest.h>
#include <sys/prctl.h>

#include <csignal>
#include <cstdio>

#include "support/sandbox.hpp"
#include "support/test_user.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();

    sandbox::test::become_unprivileged_test_user();
    sandbox::test::require_executable(
        {sandbox::test::probe_path(), sandbox::test::launcher_path()});
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        std::perror("PR_SET_CHILD_SUBREAPER");
        return 1;
    }
    // A child that exits before reading its stdin must not kill us; children get SIGPIPE back.
    std::signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}

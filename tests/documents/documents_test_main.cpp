// main() of the document store's tests: FUSE needs /dev/fuse usable by the test user (desktops
// have it 0666; this machine's is root's 0600), so when run as root it is opened up before the
// drop to the test user. The same would fit become_unprivileged_test_user() itself.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "support/test_user.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
    if (geteuid() == 0 && chmod("/dev/fuse", 0666) != 0) {
        std::perror("chmod /dev/fuse");
        return 1;
    }
    sandbox::test::become_unprivileged_test_user();
    std::signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}

// main() of the clipboard tests: as an ordinary user (the test user when started as root), and
// not a subreaper: xclip and wl-copy leave a child serving the selection, which must go to init
// like it does under the portal, and ends with its display server.

#include <gtest/gtest.h>

#include <csignal>

#include "support/test_user.hpp"

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (GTEST_FLAG_GET(list_tests)) return RUN_ALL_TESTS();
    sandbox::test::become_unprivileged_test_user();
    std::signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}

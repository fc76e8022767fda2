#include "session/support/session_test.hpp"

namespace sandbox::test {

void SessionTest::SetUpTestSuite() {
    set_up_suite(
        {"gdbus", "wayland-info", "weston-simple-shm", "xdpyinfo", "pactl", "paplay", "pw-cli"});
}

}  // namespace sandbox::test

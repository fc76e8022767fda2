#pragma once

// The session tests' fixture: RunTest's installation, with a runtime that also holds the clients
// the tests run inside the sandbox (gdbus, wayland-info, weston-simple-shm, xdpyinfo, pactl,
// paplay, pw-cli) and their libraries, copied from the host.

#include "run/run_fixture.hpp"

namespace sandbox::test {

class SessionTest : public RunTest {
  protected:
    static void SetUpTestSuite();
};

}  // namespace sandbox::test

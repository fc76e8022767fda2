#pragma once

#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// When this process is root, turns it into the tests' user "sandbox-test" for good, as the tests
// do, so that both launchers run as an ordinary user runs them. A no-op for anyone else.
Status become_unprivileged_if_root();

}  // namespace sandbox::bench

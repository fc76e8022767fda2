#pragma once

#include "sandbox/launcher/plan.hpp"

namespace sandbox::dbus_proxy {

// The body of the forked process that runs the proxy's sandbox: detaches from the caller's
// terminal and session, keeps only 0-2 and the plan's fds, launches and returns the proxy's exit
// status (1 with one line on stderr when the sandbox cannot be made).
int run_proxy_sandbox(const launcher::LaunchPlan& plan);

}  // namespace sandbox::dbus_proxy

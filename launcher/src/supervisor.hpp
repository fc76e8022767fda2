#pragma once

#include <sys/types.h>

#include "sandbox/launcher/plan.hpp"

namespace sandbox::launcher {

// The launcher's side after clone(): reports the child on the info and status fds, forwards
// signals to it, waits, and returns its shell status. Forwarded signals must be blocked.
int supervise(pid_t child, const LaunchPlan& plan);

}  // namespace sandbox::launcher

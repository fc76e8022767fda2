#pragma once

// The sandbox's system: the runtime at /usr with the usr-merge links, the app at /app, /proc,
// /dev with the granted devices, a little of /sys, /tmp, /var, /run.

#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

void add_system_mounts(const PlanInputs& inputs, std::vector<launcher::MountOp>& mounts);

}  // namespace sandbox::run

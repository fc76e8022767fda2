#pragma once

// The gathered inputs → the launch plan. Pure but for compiling the seccomp policy.

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"
#include "sandbox/launcher/seccomp_policy.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// The seccomp relaxations the permissions ask for: features devel (or --devel), multiarch,
// canbus, bluetooth.
launcher::SeccompOptions seccomp_options(const permissions::Context& context, bool devel);

// Namespaces: user, mount, pid, uts always; ipc unless shared=ipc, net unless shared=network.
launcher::Namespaces sandbox_namespaces(const permissions::Context& context);

Result<launcher::LaunchPlan> build_launch_plan(const PlanInputs& inputs);

}  // namespace sandbox::run

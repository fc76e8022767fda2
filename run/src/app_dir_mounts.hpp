#pragma once

// The app's own writable state: ~/.var/app/ID with data, config, cache and cache/tmp (also at
// /var/data, /var/config, /var/cache and /var/tmp, as Flatpak binds them), and the --persist
// directories at ~/PATH when the app has no access to the real home directory. All bound by the
// fds opened beforehand, never by path.

#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

void add_app_dir_mounts(const PlanInputs& inputs, std::vector<launcher::MountOp>& mounts);

}  // namespace sandbox::run

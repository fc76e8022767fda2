#pragma once

// What the planner needs to know of the runtime's and the app's trees, read through their fds.

#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// How the sandbox shows the runtime's etc/ entries: bound (each opened, its fd in `owned`), or
// only named, for an app layered over the runtime (its /etc links into the composed /usr/etc).
enum class EtcUse { Bound, Named };

// The runtime's usr-merged dirs and etc/ entries.
Result<RuntimeTree> read_runtime_tree(int files_fd, EtcUse etc_use, std::vector<UniqueFd>& owned);

// For an app with usr-overlay=true, also the layer's usr-merged dirs and etc/ entries (named).
Result<AppTree> read_app_tree(int files_fd, bool usr_overlay);

}  // namespace sandbox::run

#pragma once

// What the planner needs to know of the runtime's and the app's trees, read through their fds.

#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// The runtime's usr-merged dirs and etc/ entries; the fds of the entries to bind go to `owned`.
Result<RuntimeTree> read_runtime_tree(int files_fd, std::vector<UniqueFd>& owned);

AppTree read_app_tree(int files_fd);

}  // namespace sandbox::run

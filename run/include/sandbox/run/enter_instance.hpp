#pragma once

// `sandbox enter`: a command run inside a running sandbox the way its app runs: in all its
// namespaces, as the same user, with the app's environment (from /proc/PID/environ) and working
// directory, no capabilities, no_new_privs and the same seccomp policy. Returns its exit status.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/instances/instance.hpp"

namespace sandbox::run {

Result<int> enter_instance(const instances::InstanceRecord& instance,
                           const std::vector<std::string>& argv);

}  // namespace sandbox::run

#pragma once

// Ending a running sandbox: SIGKILL to its first process (its pid 1), which takes every process
// of the sandbox with it; its supervisor then records the exit and removes the instance.

#include "sandbox/common/error.hpp"
#include "sandbox/instances/instance.hpp"

namespace sandbox::instances {

// Checks that the pid is still the child of the instance's supervisor (not a reused pid) before
// signalling it through a pidfd.
Status kill_instance(const InstanceRecord& instance);

// The parent pid of `pid` from /proc; 0 when it cannot be read.
pid_t parent_of(pid_t pid);

}  // namespace sandbox::instances

#pragma once

// Starting a handler on the host: posix_spawn (the kernel's vfork path, no copy of the portal),
// in a session of its own, signals at their defaults, stdin from /dev/null, no fd of the portal's
// but stdout and stderr; waited for by a thread of its own so that it never lingers as a zombie.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::portals {

struct SpawnRequest {
    std::vector<std::string> argv;
    std::string working_dir;                     // empty: the portal's
    std::vector<std::string> extra_environment;  // NAME=value, over the portal's own
};

Status spawn_detached(const SpawnRequest& request);

}  // namespace sandbox::portals

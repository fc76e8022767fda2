#pragma once

#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"

namespace sandbox::launcher {

// Loads the programs in order. Needs no_new_privs (set by drop_capabilities).
Status load_seccomp_programs(const std::vector<SeccompProgram>& programs);

}  // namespace sandbox::launcher

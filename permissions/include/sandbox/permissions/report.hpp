#pragma once

// What `sandbox info --show-permissions` and `sandbox override --show` print.

#include <string>

#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

// The effective permissions as keyfile groups ([Context], bus policies, [Environment]), only what
// is granted; empty when nothing is.
std::string permissions_report(const Context& effective);

}  // namespace sandbox::permissions

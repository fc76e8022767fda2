#pragma once

#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::launcher {

// Drops every capability except keep from the bounding, ambient, effective, permitted and
// inheritable sets (kept ones are raised as ambient so a non-root app keeps them across exec),
// then sets no_new_privs.
Status drop_capabilities(const std::vector<int>& keep);

}  // namespace sandbox::launcher

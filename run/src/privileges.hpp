#pragma once

// After joining a sandbox's user namespace we hold every capability in it; a command entering the
// sandbox gets none, as its app has none: bounding set, ambient, effective/permitted/inheritable
// cleared, and no_new_privs so that nothing it runs can gain any back.

#include "sandbox/common/error.hpp"

namespace sandbox::run {

Status drop_all_privileges();

}  // namespace sandbox::run

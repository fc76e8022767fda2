#pragma once

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::launcher {

// While the sandbox is built, / is a private tmpfs (the base) holding the new root, a staging
// directory for files that are bound rather than created in place (--bind-data) and temporary
// overlay layers, and the host's tree at /oldroot. Keeping the base out of the host's tree means a
// bind of the host's / (or /tmp) shows the host as it is, not our scaffolding.
struct NewRoot {
    UniqueFd base;
    UniqueFd root;
    UniqueFd staging;
};

// The host's /proc while the sandbox is being built, for /proc/self/fd paths.
inline constexpr const char* kHostProc = "/oldroot/proc";

// Stops mount events from reaching the host: every mount in our namespace becomes a slave.
Status make_mounts_slave();
// Mounts the base and pivots into it.
Result<NewRoot> create_new_root();
// Reopens the new root after something was mounted on top of it.
Status reopen_root(NewRoot& root);
// pivot_root into the new root and detach the base, with the host's tree under it.
Status enter_new_root(int root_fd);

}  // namespace sandbox::launcher

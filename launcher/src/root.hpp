#pragma once

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::launcher {

// The new root (a tmpfs) and a staging tmpfs beside it for files that are bound rather than
// created in place (--bind-data) and temporary overlay layers; staging disappears with the old
// root.
struct NewRoot {
    UniqueFd base;  // the tmpfs holding root/ and staging/
    UniqueFd root;
    UniqueFd staging;
};

// Stops mount events from reaching the host: every mount in our namespace becomes a slave.
Status make_mounts_slave();
Result<NewRoot> create_new_root();
// pivot_root into the new root and detach the host's tree.
Status enter_new_root(int root_fd);

}  // namespace sandbox::launcher

#pragma once

#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/launcher/mount_steps.hpp"

namespace sandbox::launcher {

// The mount steps with every host path opened (O_PATH) and replaced by its fd, so the child mounts
// exactly what was checked here. Optional binds whose source is missing are dropped.
struct PreparedMounts {
    std::vector<MountStep> steps;
    std::vector<UniqueFd> opened;  // owned here, inherited by the child through clone()
};

Result<PreparedMounts> prepare_mounts(std::vector<MountStep> steps);

// True when fd names a file in the filesystem tree (its /proc/self/fd link is an absolute path).
bool names_a_path(int fd);

}  // namespace sandbox::launcher

namespace sandbox::launcher {

// In the sandbox's new mount namespace: replaces each source fd (which names a mount of the host's
// namespace, and the kernel binds only mounts of our own) with an fd to the same file here. The
// path is looked up without following any symlink and must lead to the same device and inode, or
// the launch stops: nothing can swap the source between the check and the mount.
Status reopen_sources_here(std::vector<MountStep>& steps, std::vector<UniqueFd>& opened);

}  // namespace sandbox::launcher

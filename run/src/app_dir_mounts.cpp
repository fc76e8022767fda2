#include "app_dir_mounts.hpp"

#include <string>

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::MountOp;

void bind_writable(std::vector<MountOp>& mounts, int fd, const std::string& dest) {
    mounts.push_back(BindMount{InheritedFd{fd}, dest, BindAccess::ReadWrite, false});
}

}  // namespace

void add_app_dir_mounts(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    const AppDirs& dirs = inputs.app_dirs;
    bind_writable(mounts, dirs.dir_fd, dirs.path);
    bind_writable(mounts, dirs.data_fd, dirs.path + "/data");
    bind_writable(mounts, dirs.config_fd, dirs.path + "/config");
    bind_writable(mounts, dirs.cache_fd, dirs.path + "/cache");
    bind_writable(mounts, dirs.cache_tmp_fd, dirs.path + "/cache/tmp");
    bind_writable(mounts, dirs.data_fd, "/var/data");
    bind_writable(mounts, dirs.config_fd, "/var/config");
    bind_writable(mounts, dirs.cache_fd, "/var/cache");
    bind_writable(mounts, dirs.cache_tmp_fd, "/var/tmp");
    // With the real home directory visible, ~/PATH is the real one: nothing to persist.
    if (!inputs.filesystems.home_access)
        for (const PersistentDir& persistent : inputs.persistent)
            bind_writable(mounts, persistent.fd, persistent.dest);
}

}  // namespace sandbox::run

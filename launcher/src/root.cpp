#include "root.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

// /tmp exists on every host and we need nothing under it after this point: bind sources were
// opened before clone().
constexpr const char* kBase = "/tmp";

Result<UniqueFd> mount_tmpfs_dir(int parent_fd, const char* name, const char* options) {
    if (::mkdirat(parent_fd, name, 0755) != 0 && errno != EEXIST)
        return system_error(std::string("Can't mkdir ") + kBase + "/" + name);
    auto dir = open_path(parent_fd, name, O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
    if (!dir) return dir.take_error();
    const std::string target = "/proc/self/fd/" + std::to_string(dir->get());
    if (::mount("tmpfs", target.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
        return system_error(std::string("Can't mount tmpfs on ") + kBase + "/" + name);
    return open_path(parent_fd, name, O_RDONLY | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
}

}  // namespace

Status make_mounts_slave() {
    if (::mount(nullptr, "/", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
        return system_error("Failed to make / slave");
    return ok_status();
}

Result<NewRoot> create_new_root() {
    if (::mount("tmpfs", kBase, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0700") != 0)
        return system_error(std::string("Failed to mount tmpfs on ") + kBase);
    auto base = open_path(AT_FDCWD, kBase, O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
    if (!base) return base.take_error();
    auto root = mount_tmpfs_dir(base->get(), "root", "mode=0755");
    if (!root) return root.take_error();
    if (::mkdirat(base->get(), "staging", 0700) != 0) return system_error("Can't mkdir staging");
    auto staging = open_path(base->get(), "staging", O_PATH | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
    if (!staging) return staging.take_error();
    return NewRoot{std::move(*base), std::move(*root), std::move(*staging)};
}

Status enter_new_root(int root_fd) {
    UniqueFd old_root(::open("/", O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (!old_root) return system_error("Can't open /");
    if (::fchdir(root_fd) != 0) return system_error("Can't enter the new root");
    // With new_root == put_old the old root ends up stacked on top of the new one; detaching it
    // from there leaves only the new tree.
    if (::syscall(SYS_pivot_root, ".", ".") != 0) return system_error("pivot_root failed");
    if (::fchdir(old_root.get()) != 0) return system_error("Can't enter the old root");
    if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
        return system_error("Failed to make the old root slave");
    if (::umount2(".", MNT_DETACH) != 0) return system_error("Can't unmount the old root");
    if (::chdir("/") != 0) return system_error("Can't chdir to /");
    return ok_status();
}

}  // namespace sandbox::launcher

#include "root.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

// /tmp exists on every host, and nothing is needed under it after this: bind sources were opened
// before. It is only where the base is mounted before we pivot into it.
constexpr const char* kBase = "/tmp";

Status pivot_root(const char* new_root, const char* put_old) {
    if (::syscall(SYS_pivot_root, new_root, put_old) != 0)
        return system_error(std::string("pivot_root to ") + new_root + " failed");
    return ok_status();
}

Result<UniqueFd> open_dir(int dir_fd, const char* name, int flags = O_RDONLY) {
    return open_path(dir_fd, name, flags | O_DIRECTORY, RESOLVE_NO_SYMLINKS);
}

}  // namespace

Status make_mounts_slave() {
    if (::mount(nullptr, "/", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
        return system_error("Failed to make / slave");
    return ok_status();
}

Result<NewRoot> create_new_root() {
    if (::mount("tmpfs", kBase, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        return system_error(std::string("Failed to mount tmpfs on ") + kBase);
    if (::chdir(kBase) != 0) return system_error("Can't enter the base tmpfs");
    for (const char* dir : {"newroot", "oldroot", "staging"})
        if (::mkdir(dir, dir[0] == 's' ? 0700 : 0755) != 0)
            return system_error(std::string("Can't mkdir ") + dir);
    if (::mount("tmpfs", "newroot", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        return system_error("Failed to mount tmpfs for the new root");
    SANDBOX_TRY(pivot_root(".", "oldroot"));
    if (::chdir("/") != 0) return system_error("Can't chdir to /");
    NewRoot root;
    for (auto [fd, name] : {std::pair{&root.base, "/"}, std::pair{&root.staging, "/staging"}}) {
        auto dir = open_dir(AT_FDCWD, name, O_PATH);
        if (!dir) return dir.take_error();
        *fd = std::move(*dir);
    }
    SANDBOX_TRY(reopen_root(root));
    return root;
}

Status reopen_root(NewRoot& root) {
    auto top = open_dir(root.base.get(), "newroot");
    if (!top) return system_error("Can't open the new root", top.error().code);
    root.root = std::move(*top);
    return ok_status();
}

Status enter_new_root(int root_fd) {
    if (::fchdir(root_fd) != 0) return system_error("Can't enter the new root");
    // With new_root == put_old the base ends up stacked on top of the new root; detaching it from
    // there takes the host's tree (below it at /oldroot) away too.
    SANDBOX_TRY(pivot_root(".", "."));
    if (::umount2(".", MNT_DETACH) != 0) return system_error("Can't unmount the old root");
    if (::chdir("/") != 0) return system_error("Can't chdir to /");
    return ok_status();
}

}  // namespace sandbox::launcher

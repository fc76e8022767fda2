#include "user_namespace.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <string>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

Status write_proc_file(int proc_fd, const char* name, const std::string& content) {
    UniqueFd file(::openat(proc_fd, name, O_WRONLY | O_CLOEXEC));
    if (!file) return system_error(std::string("Can't open /proc/") + name);
    if (auto written = write_all(file.get(), content); !written)
        return system_error(std::string("Can't write /proc/") + name, written.error().code);
    return ok_status();
}

}  // namespace

Status write_id_maps(int proc_fd, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                     gid_t outside_gid) {
    SANDBOX_TRY(write_proc_file(proc_fd, "self/setgroups", "deny\n"));
    SANDBOX_TRY(
        write_proc_file(proc_fd, "self/uid_map",
                        std::to_string(inside_uid) + " " + std::to_string(outside_uid) + " 1\n"));
    SANDBOX_TRY(
        write_proc_file(proc_fd, "self/gid_map",
                        std::to_string(inside_gid) + " " + std::to_string(outside_gid) + " 1\n"));
    return ok_status();
}

Status limit_user_namespaces(int proc_fd) {
    return write_proc_file(proc_fd, "sys/user/max_user_namespaces", "1");
}

Status enter_nested_user_namespace(int proc_fd, uid_t uid, gid_t gid) {
    if (::unshare(CLONE_NEWUSER) != 0) return system_error("unshare user namespace failed");
    // Changing user namespace resets dumpable, which would make our own /proc/self files root's.
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) return system_error("Can't set dumpable");
    return write_id_maps(proc_fd, uid, 0, gid, 0);
}

// Tried right here, as bubblewrap does: when the unshare works the limit did not hold and the
// launch fails (this process exits), so the probe needs no process of its own (a fork cost ~0.3
// ms).
Status check_user_namespaces_disabled() {
    if (::unshare(CLONE_NEWUSER) != 0) return ok_status();
    return usage_error("creation of new user namespaces was not disabled as requested");
}

}  // namespace sandbox::launcher

#pragma once

#include <sys/types.h>

#include "sandbox/common/error.hpp"

namespace sandbox::launcher {

// Maps one id inside the caller's new user namespace to one outside, and denies setgroups.
// proc_fd is the host's /proc, kept open across pivot_root.
Status write_id_maps(int proc_fd, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                     gid_t outside_gid);

// Caps the number of user namespaces below ours at one: the next one, made by
// enter_nested_user_namespace, is the last (bubblewrap's --disable-userns).
Status limit_user_namespaces(int proc_fd);

// A second user namespace in which the app runs as uid/gid (the first maps the caller to root,
// which devpts needs).
Status enter_nested_user_namespace(int proc_fd, uid_t uid, gid_t gid);

// Fails unless creating a user namespace is refused here. When it is not refused, this process is
// left in the new namespace: the caller must then give up the launch.
Status check_user_namespaces_disabled();

}  // namespace sandbox::launcher

#pragma once

// Filesystem permissions → the mounts that expose host paths, as Flatpak does it: host (most of
// /, and the host's OS at /run/host/usr and /run/host/etc), host-os, host-etc, home, the xdg-*
// directories, ~/ and absolute paths; :ro read-only, :rw and :create writable (:create makes the
// directory first). Paths that are the sandbox's own (/.flatpak-info /app /dev /etc /proc
// /run/flatpak /run/host /usr, the usr-merged dirs, /run/user/UID) and their parents are refused
// with a warning. With access to the home directory, the sandbox's own state (the user
// installation, other apps' ~/.var/app) is hidden under a tmpfs.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "sandbox/permissions/context.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// The host facts the mapping needs, gathered beforehand (host_view.hpp).
struct HostView {
    uid_t uid = 0;
    std::string home;
    std::string app_dir;  // ~/.var/app/ID
    // Existing directories a sandbox must not see even with home or host access.
    std::vector<std::string> hidden;
    // "xdg-download" → /home/u/Downloads, "xdg-config" → /home/u/.config, "xdg-run" → the host's
    // $XDG_RUNTIME_DIR; absent or empty: not configured.
    std::map<std::string, std::string> xdg_dirs;
    std::vector<std::string> root_entries;             // names in the host's /
    std::map<std::string, std::string> root_symlinks;  // those that are symlinks → their targets
};

FilesystemPlan plan_filesystems(const permissions::Context& context, const HostView& host);

// The reserved paths for a user (the list above).
std::vector<std::string> reserved_paths(uid_t uid);

}  // namespace sandbox::run

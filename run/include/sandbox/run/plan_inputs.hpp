#pragma once

// Everything `sandbox run` gathers before planning, as plain data: trees and directories already
// opened (fds, owned elsewhere), the host's facts, the effective permissions. build_launch_plan()
// turns it into a LaunchPlan without touching the system, so the mapping is unit-tested as data.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/permissions/context.hpp"

namespace sandbox::run {

// One entry of the runtime's files/etc: a symlink is recreated, anything else bound read-only.
struct EtcEntry {
    std::string name;
    std::optional<std::string> symlink_target;
    int fd = -1;  // O_PATH, opened without following links; unused for a symlink
    bool operator==(const EtcEntry&) const = default;
};

struct RuntimeTree {
    int files_fd = -1;                         // files/ → /usr
    std::vector<std::string> usr_merged_dirs;  // of bin, lib, lib32, lib64, sbin: those present
    std::vector<EtcEntry> etc;
    bool has_ref_file = false;  // files/.ref: read-locked while running, as Flatpak does
    std::string ldconfig;       // /usr/bin/ldconfig or /usr/sbin/ldconfig; empty: none
    // etc/ld.so.conf is empty (or absent): the sandbox gets one that also searches /app.
    bool needs_ld_so_conf = false;
};

struct AppTree {
    int files_fd = -1;  // files/ → /app
    bool has_ref_file = false;
    // [Application] usr-overlay=true: files/ is a layer of the runtime's shape (a Debian-packaged
    // app's own /usr content, its /etc at files/etc), shown over the runtime at /usr by a
    // read-only overlay (usr_overlay.hpp) as well as at /app.
    bool usr_overlay = false;
    std::vector<std::string> usr_merged_dirs{};  // the layer's own; usr_overlay only
    std::vector<EtcEntry> etc{};                 // the layer's files/etc (no fds); usr_overlay only
};

// ~/.var/app/ID and what is bound from it; each opened from the home directory without following
// a symlink, so one the app planted in an earlier run cannot redirect a bind.
struct AppDirs {
    std::string path;  // the same path inside and out
    int dir_fd = -1;
    int data_fd = -1;
    int config_fd = -1;
    int cache_fd = -1;
    int cache_tmp_fd = -1;
};

// A --persist directory: ~/.var/app/ID/PATH (fd) bound at ~/PATH.
struct PersistentDir {
    std::string dest;
    int fd = -1;
};

// What filesystem permissions become (filesystem_exposures.hpp).
struct FilesystemPlan {
    std::vector<launcher::MountOp> mounts;          // host paths exposed, then what is hidden
    std::vector<launcher::MountOp> app_dir_mounts;  // xdg-config/SUB … into ~/.var/app/ID
    std::vector<std::string> create;                // :create directories to make on the host
    bool home_access = false;
    std::vector<std::string> warnings;
};

// Files made for this run, each a memfd at offset 0.
struct GeneratedFiles {
    int passwd_fd = -1;
    int group_fd = -1;
    int info_fd = -1;        // /.flatpak-info
    int ld_cache_fd = -1;    // /etc/ld.so.cache made for this app and runtime; -1 if none
    int ld_so_conf_fd = -1;  // /etc/ld.so.conf when the runtime's is empty; -1 if not needed
};

// What the session's services give the sandbox (session_services.hpp): the display and audio
// sockets and the buses the permissions grant, each as mounts made once the sandbox's own
// directories exist, variables set over the scrubbed environment, and the D-Bus proxy's sync fd.
struct SessionGrants {
    std::vector<launcher::MountOp> mounts;
    std::map<std::string, std::string> environment;
    // Kept open by the sandbox's pid 1: each proxy lives as long as the sandbox.
    std::vector<int> sync_fds;
    // The app starts once a byte arrived from each (every proxy listens): LaunchPlan::ready_gates.
    std::vector<launcher::ReadyGate> ready_gates;
    std::vector<std::string> warnings;
    bool operator==(const SessionGrants&) const = default;
};

struct PlanInputs {
    std::string app_id;
    uid_t uid = 0;
    gid_t gid = 0;
    std::string home;

    RuntimeTree runtime;
    AppTree app;
    AppDirs app_dirs;
    std::vector<PersistentDir> persistent;
    FilesystemPlan filesystems;
    GeneratedFiles files;
    SessionGrants session;
    permissions::Context context;  // effective

    bool devel = false;  // --devel: seccomp lets ptrace and perf through
    std::vector<std::string> environment;
    std::vector<std::string> argv;  // command, then the user's arguments
    std::optional<std::string> cwd;
    int status_fd = -1;  // the instance's bwrapinfo.json: the launcher reports the child pid there
};

}  // namespace sandbox::run

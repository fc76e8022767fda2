#pragma once

// The app's environment, as Flatpak makes it: the caller's, less what would break or redirect the
// app inside (library and plugin paths, temp dirs, the host's runtime dir and session sockets the
// sandbox does not have), with PATH, the XDG dirs, XDG_RUNTIME_DIR=/run/user/UID, FLATPAK_ID and
// container=sandbox set, then the permissions' [Environment] on top.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "sandbox/permissions/context.hpp"

namespace sandbox::run {

struct EnvironmentInputs {
    std::string app_id;
    uid_t uid = 0;
    std::string home;
    std::string app_dir;  // ~/.var/app/ID
    bool devel = false;
    bool has_ld_cache = false;  // without one, LD_LIBRARY_PATH=/app/lib finds the app's libraries
    // The host's XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME (defaults filled
    // in), passed as HOST_XDG_*_HOME.
    std::map<std::string, std::string> host_xdg_homes;
    // What the granted session services set: DBUS_SESSION_BUS_ADDRESS, WAYLAND_DISPLAY, DISPLAY,
    // PULSE_SERVER… (SessionGrants::environment). The permissions' [Environment] still comes last.
    std::map<std::string, std::string> session;
    // An app layered over the runtime's /usr (usr_overlay.hpp): everything of /app is in /usr too,
    // so the search paths are Debian's own (a command runs from /usr/bin, where its packaging
    // expects to be), without /app twice.
    bool usr_overlay = false;
};

// Whether the sandbox drops NAME from the caller's environment (before setting its own values).
bool is_scrubbed_variable(const std::string& name);

// "NAME=value" entries, sorted by name.
std::vector<std::string> sandbox_environment(const std::vector<std::string>& caller_environment,
                                             const EnvironmentInputs& inputs,
                                             const permissions::Context& context);

}  // namespace sandbox::run

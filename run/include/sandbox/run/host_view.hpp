#pragma once

// The host facts filesystem permissions and the environment are mapped with (see
// filesystem_exposures.hpp): the user's XDG directories (as GLib finds them, user-dirs.dirs
// included), what / holds, and which of the sandbox manager's directories exist to be hidden.

#include <map>
#include <string>

#include "sandbox/run/filesystem_exposures.hpp"
#include "sandbox/run/host_user.hpp"

namespace sandbox::run {

HostView gather_host_view(const HostUser& user, const std::string& app_dir);

// XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME as the host has them (defaults
// filled in), for HOST_XDG_*_HOME.
std::map<std::string, std::string> host_xdg_homes();

}  // namespace sandbox::run

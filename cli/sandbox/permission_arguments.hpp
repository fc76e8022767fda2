#pragma once

// Argument parsing for the subcommands that take permission flags (`run`, `override`): the
// installation options, their own flags and --NAME=VALUE (or --NAME VALUE) options, Flatpak's
// permission flags, and positional arguments. With stop_at_positional (run), the first positional
// argument (the app) ends the options: everything after it is the app's, never ours.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "installation_options.hpp"
#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {

struct PermissionCommandSpec {
    std::set<std::string> flags = {};   // "--devel"
    std::set<std::string> values = {};  // "--command"
    bool stop_at_positional = false;
};

struct PermissionCommand {
    InstallationOptions installation;
    std::set<std::string> flags;
    std::map<std::string, std::string> values;
    permissions::Context permissions;  // the flags as one layer
    std::vector<std::string> positional;
    bool help = false;
};

Result<PermissionCommand> parse_permission_command(const PermissionCommandSpec& spec,
                                                   const std::string& name, Args args);

// Prints "sandbox: warning: MESSAGE" (one line, unprintable bytes as '?').
void warn(const std::string& message);

}  // namespace sandbox::cli

#pragma once

// `sandbox run`: finds the app and its runtime, stacks the permissions, opens and creates what
// the sandbox binds, records the instance, plans and launches; returns the app's exit status.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/run/file_forwarding_args.hpp"
#include "sandbox/run/locate.hpp"
#include "sandbox/store/layout.hpp"

namespace sandbox::run {

struct RunRequest {
    std::optional<store::InstallationLocation> installation;  // else the user's, then the system's
    AppQuery app;
    std::optional<std::string> command;          // else [Application] command
    std::optional<std::string> cwd;              // else the caller's, if it exists inside
    std::optional<std::string> runtime;          // --runtime=ID[/ARCH[/BRANCH]]
    std::optional<std::string> runtime_version;  // --runtime-version=BRANCH
    bool devel = false;                          // the SDK, and ptrace/perf allowed
    bool log_session_bus = false;                // the proxy prints each message it filters
    bool log_system_bus = false;
    permissions::Context command_line;  // the permission flags
    // After the command; data, never options. Files and URIs marked for --file-forwarding are
    // exported to the document portal for the app and replaced by their paths in its view.
    std::vector<AppArgument> args;
};

using WarningSink = std::function<void(const std::string&)>;

Result<int> run_app(const RunRequest& request, const WarningSink& warn);

}  // namespace sandbox::run

#pragma once

// The permissions an app runs with, stacked in Flatpak's order: the runtime's environment (a
// runtime grants nothing else), the app's metadata, the override files, the command line.

#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::run {

// The override files for an app installed in `installation`, in stacking order: that
// installation's global then per-app file when it is not the user's (a system or custom one),
// then the user's global and per-app files. As Flatpak, a user-installed app ignores the system's
// overrides.
std::vector<std::filesystem::path> override_files(const store::InstallationLocation& installation,
                                                  const std::string& app_id);

struct PermissionLayers {
    permissions::Context runtime;  // only its environment is taken
    permissions::Context app;
    permissions::Context command_line;
};

Result<permissions::Context> effective_permissions(
    const PermissionLayers& layers, const std::vector<std::filesystem::path>& overrides,
    permissions::Warnings& warnings);

// For `sandbox info --show-permissions`: the installed app's metadata with the overrides on top
// (no command line, no runtime).
Result<permissions::Context> installed_app_permissions(
    const store::InstallationLocation& installation, const store::Ref& app,
    permissions::Warnings& warnings);

}  // namespace sandbox::run

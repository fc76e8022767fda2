#pragma once

// Where an installation keeps things. The layout is Flatpak's, so that its tools and habits carry
// over:
//   BASE/repo/                                 the OSTree repository (bare-user-only)
//   BASE/app/ID/ARCH/BRANCH/active -> COMMIT   the deployment in use (switched atomically)
//   BASE/app/ID/ARCH/BRANCH/COMMIT/            metadata, files/, export/ (hardlinks into repo),
//                                              deployment (keyfile: ref, commit, origin, size)
//   BASE/runtime/ID/ARCH/BRANCH/...            the same for runtimes
//   BASE/exports/                              desktop files, icons (desktop integration)
//   BASE/overrides/global, BASE/overrides/ID   permission overrides
// User installation: $XDG_DATA_HOME/sandbox (~/.local/share/sandbox). System installation: the
// prefix set at configure time (SANDBOX_SYSTEM_INSTALLATION, default /var/lib/sandbox), or
// $SANDBOX_SYSTEM_DIR when set. --installation=DIR names any other.

#include <filesystem>
#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::store {

enum class InstallationKind { User, System, Custom };

struct InstallationLocation {
    InstallationKind kind = InstallationKind::User;
    std::filesystem::path base;
};

InstallationLocation user_installation();    // from XDG_DATA_HOME / HOME
InstallationLocation system_installation();  // from SANDBOX_SYSTEM_DIR / the configured prefix

std::filesystem::path repo_dir(const InstallationLocation& installation);
std::filesystem::path ref_dir(const InstallationLocation& installation, const Ref& ref);
// BASE/KIND/ID/ARCH/BRANCH/active: the deployment in use (a symlink to the commit's dir).
std::filesystem::path active_deployment(const InstallationLocation& installation, const Ref& ref);
// BASE/KIND/ID/ARCH/BRANCH/COMMIT: one deployment.
std::filesystem::path deployment_dir(const InstallationLocation& installation, const Ref& ref,
                                     const std::string& commit);
// The keyfile each deployment carries about itself (ours; Flatpak's `deploy` is a GVariant).
inline constexpr const char* kDeploymentInfoFile = "deployment";
// BASE/.lock: held (flock) by whatever changes the installation.
std::filesystem::path lock_file(const InstallationLocation& installation);
std::filesystem::path overrides_dir(const InstallationLocation& installation);
std::filesystem::path exports_dir(const InstallationLocation& installation);

}  // namespace sandbox::store

#pragma once

// An installed ref's active deployment, opened by fd through the installation's layout
// (store/layout.hpp): BASE/KIND/ID/ARCH/BRANCH/active names the commit's directory; from there
// on nothing is looked up through a symlink (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so
// what is bound into the sandbox is what the deployment holds.

#include <optional>
#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::run {

struct OpenedDeployment {
    store::InstallationLocation installation;
    store::Ref ref;
    std::string commit;      // the directory `active` names
    std::string files_path;  // files/ as the kernel names it (for /.flatpak-info)
    UniqueFd dir;            // O_PATH
    UniqueFd files;          // O_PATH
    std::string metadata;    // the metadata file's text
};

// nullopt when `ref` is not installed in `installation`.
Result<std::optional<OpenedDeployment>> open_deployment(
    const store::InstallationLocation& installation, const store::Ref& ref);

// The path the kernel gives an open fd (readlink of /proc/self/fd/N).
std::string fd_path(int fd);

}  // namespace sandbox::run

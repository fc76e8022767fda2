#include "sandbox/store/layout.hpp"

#include <cstdlib>

#ifndef SANDBOX_SYSTEM_INSTALLATION
#define SANDBOX_SYSTEM_INSTALLATION "/var/lib/sandbox"
#endif

namespace sandbox::store {
namespace {

std::filesystem::path environment_path(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && value[0] == '/' ? std::filesystem::path(value)
                                               : std::filesystem::path();
}

}  // namespace

InstallationLocation user_installation() {
    std::filesystem::path data_home = environment_path("XDG_DATA_HOME");
    if (data_home.empty()) data_home = environment_path("HOME") / ".local" / "share";
    return {InstallationKind::User, data_home / "sandbox"};
}

InstallationLocation system_installation() {
    std::filesystem::path base = environment_path("SANDBOX_SYSTEM_DIR");
    if (base.empty()) base = SANDBOX_SYSTEM_INSTALLATION;
    return {InstallationKind::System, base};
}

std::filesystem::path repo_dir(const InstallationLocation& installation) {
    return installation.base / "repo";
}

std::filesystem::path ref_dir(const InstallationLocation& installation, const Ref& ref) {
    return installation.base / (ref.kind == RefKind::App ? "app" : "runtime") / ref.id / ref.arch /
           ref.branch;
}

std::filesystem::path active_deployment(const InstallationLocation& installation, const Ref& ref) {
    return ref_dir(installation, ref) / "active";
}

std::filesystem::path deployment_dir(const InstallationLocation& installation, const Ref& ref,
                                     const std::string& commit) {
    return ref_dir(installation, ref) / commit;
}

std::filesystem::path lock_file(const InstallationLocation& installation) {
    return installation.base / ".lock";
}

std::filesystem::path overrides_dir(const InstallationLocation& installation) {
    return installation.base / "overrides";
}

std::filesystem::path exports_dir(const InstallationLocation& installation) {
    return installation.base / "exports";
}

}  // namespace sandbox::store

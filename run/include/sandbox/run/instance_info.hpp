#pragma once

// The instance's keyfile in Flatpak's shape: what the sandbox sees read-only at /.flatpak-info
// (toolkits and portals read it to know they are sandboxed and who they are), and what the
// instance directory holds as `info`.

#include <string>

#include "sandbox/permissions/context.hpp"

namespace sandbox::run {

// The Flatpak release whose behaviour this file follows: portals read flatpak-version to decide
// which features the sandbox has. 1.14.10 is Debian 12's.
inline constexpr const char* kFlatpakCompatibleVersion = "1.14.10";

struct InstanceInfo {
    std::string app_id;
    std::string runtime_ref;  // runtime/ID/ARCH/BRANCH
    std::string instance_id;
    std::string instance_path;  // ~/.var/app/ID
    std::string app_path;       // the app's files/ on the host
    std::string app_commit;
    std::string runtime_path;
    std::string runtime_commit;
    std::string branch;
    std::string arch;
    bool devel = false;
};

// [Application], [Instance], then the effective permissions (only what is granted).
std::string instance_info_text(const InstanceInfo& info, const permissions::Context& effective);

}  // namespace sandbox::run

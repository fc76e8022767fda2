#pragma once

// One table of the permission store, as org.freedesktop.impl.portal.PermissionStore has them:
// entry id → (app id → permission strings, data).

#include <map>
#include <string>
#include <vector>

#include "sandbox/portals/permission_store/gvariant_ref.hpp"

namespace sandbox::portals {

using AppPermissions = std::map<std::string, std::vector<std::string>>;

struct PermissionEntry {
    AppPermissions apps;
    GVariantRef data;  // any GVariant; null when none was set

    friend bool operator==(const PermissionEntry&, const PermissionEntry&) = default;
};

using PermissionTable = std::map<std::string, PermissionEntry>;

}  // namespace sandbox::portals

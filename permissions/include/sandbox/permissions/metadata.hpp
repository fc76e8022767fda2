#pragma once

// The permission groups of a metadata or override keyfile: [Context], [Environment],
// [Session Bus Policy], [System Bus Policy]. Keys this version does not know, and permission
// names it does not know (a newer Flatpak's), are skipped with a warning; a value that cannot be
// what it claims (a bad bus name or policy, a location with "..", control characters) is an error
// naming the key.

#include <glib.h>

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

inline constexpr const char* kContextGroup = "Context";
inline constexpr const char* kEnvironmentGroup = "Environment";
inline constexpr const char* kSessionBusGroup = "Session Bus Policy";
inline constexpr const char* kSystemBusGroup = "System Bus Policy";

using Warnings = std::vector<std::string>;

// `source` names the file in messages ("metadata of org.example.App", "override …/global").
Result<Context> context_from_keyfile(GKeyFile* keyfile, std::string_view source,
                                     Warnings& warnings);

}  // namespace sandbox::permissions

#pragma once

// What `sandbox permissions` and `sandbox permission-show` print: one row per table, id and app,
// tab-separated, with a header when stdout is a terminal.

#include <memory>
#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/permission_store/permission_database.hpp"

namespace sandbox::cli {

// The user's database ($XDG_DATA_HOME/sandbox/db), the one the portal serves.
Result<std::unique_ptr<portals::PermissionDatabase>> open_user_permission_database();

void print_permission_header();
// Every app of the entry, or one row with an empty app when it has none.
void print_permission_entry(const std::string& table, const std::string& id,
                            const portals::PermissionEntry& entry);
// The row of one app of the entry.
void print_permission_row(const std::string& table, const std::string& id, const std::string& app,
                          const std::vector<std::string>& permissions,
                          const portals::GVariantRef& data);

}  // namespace sandbox::cli

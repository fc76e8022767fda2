// sandbox permissions [TABLE [ID]]: what the permission store holds, read from its files (the
// portal need not run).

#include <cstdio>

#include "permission_rows.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

constexpr const char* kUsage =
    "Usage: sandbox permissions [TABLE [ID]]\n\n"
    "Lists the permission store's entries: every table, one table, or one entry of a table.\n"
    "Columns: table, id, app, permissions (comma-separated), data.";

Status print_table(portals::PermissionDatabase& db, const std::string& table) {
    auto entries = db.table(table);
    if (!entries) return entries.take_error();
    for (const auto& [id, entry] : *entries) print_permission_entry(table, id, entry);
    return ok_status();
}

Status require_table(portals::PermissionDatabase& db, const std::string& table) {
    auto exists = db.has_table(table);
    if (!exists) return exists.take_error();
    if (!*exists) return usage_error("No such table: " + table);
    return ok_status();
}

int permissions_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(kUsage);
        return 0;
    }
    if (args.size() > 2 || (!args.empty() && args[0].starts_with("-")))
        return fail("Usage: sandbox permissions [TABLE [ID]] (see 'sandbox permissions --help')");
    auto db = open_user_permission_database();
    if (!db) return fail(db.error());
    if (!args.empty())
        if (auto exists = require_table(**db, args[0]); !exists) return fail(exists.error());
    if (args.size() == 2) {
        auto entry = (*db)->lookup(args[0], args[1]);
        if (!entry) return fail(entry.error());
        if (!entry->has_value()) return fail("No entry " + args[1] + " in table " + args[0]);
        print_permission_header();
        print_permission_entry(args[0], args[1], **entry);
        return 0;
    }
    auto tables = args.empty() ? (*db)->table_names() : std::vector<std::string>{args[0]};
    if (!tables) return fail(tables.error());
    print_permission_header();
    for (const std::string& table : *tables)
        if (auto printed = print_table(**db, table); !printed) return fail(printed.error());
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(permissions_registration, "permissions", "List the permission store's entries",
                   permissions_command);

}  // namespace sandbox::cli

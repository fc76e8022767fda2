// sandbox permission-show APP_ID: every entry of the permission store granting something to an
// app.

#include <cstdio>

#include "permission_rows.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

constexpr const char* kUsage =
    "Usage: sandbox permission-show APP_ID\n\n"
    "Lists every permission store entry that holds permissions of APP_ID.\n"
    "Columns: table, id, app, permissions (comma-separated), data.";

int permission_show_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(kUsage);
        return 0;
    }
    if (args.size() != 1 || args[0].starts_with("-"))
        return fail("Usage: sandbox permission-show APP_ID (see 'sandbox permission-show --help')");
    const std::string& app = args[0];
    auto db = open_user_permission_database();
    if (!db) return fail(db.error());
    auto tables = (*db)->table_names();
    if (!tables) return fail(tables.error());
    print_permission_header();
    for (const std::string& table : *tables) {
        auto entries = (*db)->table(table);
        if (!entries) return fail(entries.error());
        for (const auto& [id, entry] : *entries)
            if (const auto found = entry.apps.find(app); found != entry.apps.end())
                print_permission_row(table, id, app, found->second, entry.data);
    }
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(permission_show_registration, "permission-show",
                   "Show an app's entries in the permission store", permission_show_command);

}  // namespace sandbox::cli

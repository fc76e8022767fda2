// sandbox permission-reset APP_ID | --all: removes an app's (or every app's) permissions from
// every table of the permission store. Entries and their data stay.

#include <cstdio>

#include "permission_rows.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

constexpr const char* kUsage =
    "Usage: sandbox permission-reset APP_ID\n"
    "       sandbox permission-reset --all\n\n"
    "Removes the permissions of APP_ID (or, with --all, of every app) from every table of the\n"
    "permission store. A running portal notices the change.";

int permission_reset_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(kUsage);
        return 0;
    }
    if (args.size() != 1 || (args[0].starts_with("-") && args[0] != "--all"))
        return fail(
            "Usage: sandbox permission-reset APP_ID|--all (see 'sandbox permission-reset --help')");
    auto db = open_user_permission_database();
    if (!db) return fail(db.error());
    auto reset = args[0] == "--all" ? (*db)->reset_all_apps() : (*db)->reset_app(args[0]);
    if (!reset) return fail(reset.error());
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(permission_reset_registration, "permission-reset",
                   "Remove an app's permissions from the permission store",
                   permission_reset_command);

}  // namespace sandbox::cli

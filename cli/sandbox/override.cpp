// sandbox override [--user|--system|--installation=DIR] [--reset] [--show] [PERMISSION…] [ID]

#include <cstdio>

#include "permission_arguments.hpp"
#include "sandbox/permissions/flags.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"
#include "sandbox/permissions/overrides.hpp"
#include "sandbox/permissions/validation.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::cli {
namespace {

const PermissionCommandSpec kSpec{.flags = {"--reset", "--show"}};

void print_help() {
    std::printf(
        "Usage: sandbox override [OPTION…] [PERMISSION…] [ID]\n\n"
        "Changes the permissions of ID, or of every app without ID. Stored in the\n"
        "installation's overrides/ID (overrides/global), applied on top of the app's own.\n\n"
        "  --user | --system | --installation=DIR   which installation's overrides (default: "
        "user)\n"
        "  --reset               remove the overrides (then apply the permissions given, if any)\n"
        "  --show                print the overrides\n\n%.*s",
        static_cast<int>(permissions::permission_flags_usage().size()),
        permissions::permission_flags_usage().data());
}

Result<std::filesystem::path> override_path(const PermissionCommand& parsed) {
    if (parsed.positional.size() > 1) return usage_error("override takes at most one ID");
    const std::filesystem::path dir = store::overrides_dir(parsed.installation.installation);
    if (parsed.positional.empty()) return dir / "global";
    const std::string& id = parsed.positional.front();
    if (!store::is_valid_id(id))
        return usage_error("'" + permissions::printable(id) +
                           "' is not an application ID (reverse-DNS, like org.example.App)");
    return dir / id;
}

bool has_permissions(const PermissionCommand& parsed) {
    return parsed.permissions != permissions::Context{};
}

Status update_overrides(const std::filesystem::path& path, const PermissionCommand& parsed) {
    if (parsed.flags.contains("--reset")) {
        SANDBOX_TRY(permissions::remove_override_file(path));
        if (!has_permissions(parsed)) return ok_status();
    }
    permissions::Warnings warnings;
    auto current = permissions::load_override_file(path, warnings);
    if (!current) return current.take_error();
    for (const std::string& warning : warnings) warn(warning);
    permissions::merge_into(*current, parsed.permissions);
    return permissions::save_override_file(path, *current);
}

Status show_overrides(const std::filesystem::path& path) {
    permissions::Warnings warnings;
    auto current = permissions::load_override_file(path, warnings);
    if (!current) return current.take_error();
    for (const std::string& warning : warnings) warn(warning);
    std::fputs(permissions::context_to_text(*current, false).c_str(), stdout);
    return ok_status();
}

int override_command(Args args) {
    auto parsed = parse_permission_command(kSpec, "override", args);
    if (!parsed) return fail(parsed.error());
    if (parsed->help) {
        print_help();
        return 0;
    }
    auto path = override_path(*parsed);
    if (!path) return fail(path.error());
    const bool show = parsed->flags.contains("--show");
    if (has_permissions(*parsed) || parsed->flags.contains("--reset") || !show)
        if (auto updated = update_overrides(*path, *parsed); !updated) return fail(updated.error());
    if (show)
        if (auto shown = show_overrides(*path); !shown) return fail(shown.error());
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(override_registration, "override", "Override an app's permissions",
                   override_command);

}  // namespace sandbox::cli

// sandbox info [OPTION…] REF|ID: what an installed ref is (ref, commit, size, runtime and the raw
// [Context] lines). Without an installation option the user installation is searched, then the
// system one.

#include <cstdio>

#include "permission_arguments.hpp"
#include "sandbox/permissions/report.hpp"
#include "sandbox/run/effective_permissions.hpp"
#include "sandbox/store/deployment.hpp"
#include "sandbox/store/text.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "info",
    .usage = "[OPTION…] REF|ID",
    .description =
        "Shows an installed app or runtime: ref, origin, commit, installed "
        "size, runtime,\ncommand and the [Context] permissions from its "
        "metadata.\n\n"
        "  --show-permissions     the merged permissions (metadata, overrides)",
    .flags = {"--show-permissions"},
};

Result<store::Deployment> find(const ParsedCommand& parsed, const store::PartialRef& partial) {
    auto found = store::find_installed(parsed.installation.installation, partial);
    if (found || parsed.installation.chosen) return found;
    auto in_system = store::find_installed(store::system_installation(), partial);
    if (in_system) return in_system;
    return found;
}

void print_field(const char* name, const std::string& value) {
    if (!value.empty()) std::printf("%s: %s\n", name, store::printable(value, 4096).c_str());
}

void print_info(const store::Deployment& deployment, const store::Metadata& metadata) {
    print_field("Ref", deployment.ref.str());
    print_field("ID", deployment.ref.id);
    print_field("Arch", deployment.ref.arch);
    print_field("Branch", deployment.ref.branch);
    print_field("Origin", deployment.origin.empty() ? "(bundle)" : deployment.origin);
    print_field("Commit", deployment.commit);
    print_field("Installation", deployment.installation.base.string());
    print_field("Location", deployment.dir.string());
    print_field("Installed size", human_size(deployment.installed_size) + " (" +
                                      std::to_string(deployment.installed_size) + " bytes)");
    if (metadata.runtime) print_field("Runtime", metadata.runtime->str().substr(8));
    print_field("Sdk", metadata.sdk);
    print_field("Command", metadata.command);
    if (metadata.context.empty()) return;
    std::printf("\n[Context]\n");
    for (const auto& [key, value] : metadata.context)
        std::printf("%s=%s\n", store::printable(key).c_str(),
                    store::printable(value, 4096).c_str());
}

// The metadata's permissions with the overrides stacked on them, as `sandbox run` applies them
// (before its own command-line flags).
int show_permissions(const store::Deployment& deployment) {
    permissions::Warnings warnings;
    auto context =
        run::installed_app_permissions(deployment.installation, deployment.ref, warnings);
    if (!context) return fail(context.error());
    for (const std::string& warning : warnings) warn(warning);
    std::fputs(permissions::permissions_report(*context).c_str(), stdout);
    return 0;
}

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() != 1) return fail("info needs one REF or ID");
    auto partial = store::parse_partial_ref(parsed.positional[0]);
    if (!partial) return fail(partial.error());
    auto deployment = find(parsed, *partial);
    if (!deployment) return fail(deployment.error());
    if (parsed.flags.contains("--show-permissions")) return show_permissions(*deployment);
    auto metadata = store::read_metadata(*deployment);
    if (!metadata) return fail(metadata.error());
    print_info(*deployment, *metadata);
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(info_registration, "info", "Show an installed app or runtime", run);

}  // namespace sandbox::cli

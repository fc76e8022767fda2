// sandbox uninstall [OPTION…] REF|ID…: removes deployments and prunes what only they used.

#include "sandbox/store/installer.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "uninstall",
    .usage = "[OPTION…] REF|ID…",
    .description =
        "Removes installed apps or runtimes and the objects nothing else uses.\n"
        "A runtime an installed app uses is kept.\n\n"
        "  --force-remove         remove a runtime even if apps use it",
    .flags = {"--force-remove"},
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.empty()) return fail("uninstall needs a REF or ID (see 'sandbox list')");
    std::vector<store::PartialRef> which;
    for (const auto& arg : parsed.positional) {
        auto partial = store::parse_partial_ref(arg);
        if (!partial) return fail(partial.error());
        which.push_back(*partial);
    }
    auto installation =
        store::Installation::open(parsed.installation.installation, store::OpenMode::Existing);
    if (!installation)
        return fail(which.front().str() + " is not installed: " + installation.error().message());
    store::Installer installer(*installation, console_reporter());
    for (const auto& partial : which)
        if (auto removed = installer.uninstall(partial, parsed.flags.contains("--force-remove"));
            !removed)
            return fail(removed.error());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(uninstall_registration, "uninstall", "Uninstall apps or runtimes", run);

}  // namespace sandbox::cli

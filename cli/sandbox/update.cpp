// sandbox update [OPTION…] [REF|ID…]: newer commits of installed refs (all when none named).

#include "sandbox/store/installer.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "update",
    .usage = "[OPTION…] [REF|ID…]",
    .description =
        "Updates the installed refs named (all without any) to their remote's "
        "latest commit,\nruntimes first. Refs installed from bundles are skipped.",
};

int run_parsed_command(const ParsedCommand& parsed) {
    std::vector<store::PartialRef> which;
    for (const auto& arg : parsed.positional) {
        auto partial = store::parse_partial_ref(arg);
        if (!partial) return fail(partial.error());
        which.push_back(*partial);
    }
    if (!store::Installation::exists(parsed.installation.installation)) {
        if (which.empty()) return 0;
        return fail(which.front().str() + " is not installed (see 'sandbox list')");
    }
    auto installation =
        store::Installation::open(parsed.installation.installation, store::OpenMode::Existing);
    if (!installation) return fail(installation.error());
    store::Installer installer(*installation, console_reporter());
    if (auto updated = installer.update(which); !updated) return fail(updated.error());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(update_registration, "update", "Update installed apps and runtimes", run);

}  // namespace sandbox::cli

// sandbox remote-delete [--force] NAME

#include "sandbox/store/installer.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "remote-delete",
    .usage = "[OPTION…] NAME",
    .description =
        "Removes a remote. Refused while installed refs come from it.\n\n"
        "  --force                remove it anyway",
    .flags = {"--force"},
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() != 1)
        return fail("remote-delete needs one NAME (see 'sandbox remotes')");
    auto installation =
        store::Installation::open(parsed.installation.installation, store::OpenMode::Existing);
    if (!installation) return fail(installation.error());
    store::Installer installer(*installation, console_reporter());
    if (auto deleted =
            installer.delete_remote(parsed.positional[0], parsed.flags.contains("--force"));
        !deleted)
        return fail(deleted.error());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(remote_delete_registration, "remote-delete", "Remove a remote repository", run);

}  // namespace sandbox::cli

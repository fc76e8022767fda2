// sandbox remote-add [--no-gpg-verify] [--gpg-import=FILE] [--if-not-exists] NAME URL

#include "sandbox/store/installation.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "remote-add",
    .usage = "[OPTION…] NAME URL",
    .description =
        "Adds a remote repository (file://, http:// or https://).\n\n"
        "  --no-gpg-verify        do not require signed commits\n"
        "  --gpg-import=FILE      trust the GPG keys in FILE for this remote\n"
        "  --if-not-exists        do nothing if the remote already exists",
    .flags = {"--no-gpg-verify", "--if-not-exists"},
    .values = {"--gpg-import"},
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() != 2)
        return fail("remote-add needs NAME and URL (see 'sandbox remote-add --help')");
    store::RemoteOptions options;
    options.name = parsed.positional[0];
    options.url = parsed.positional[1];
    options.gpg_verify = !parsed.flags.contains("--no-gpg-verify");
    options.if_not_exists = parsed.flags.contains("--if-not-exists");
    if (auto key = parsed.values.find("--gpg-import"); key != parsed.values.end())
        options.gpg_key_file = key->second;
    auto installation = store::Installation::open(parsed.installation.installation,
                                                  store::OpenMode::CreateIfMissing);
    if (!installation) return fail(installation.error());
    auto lock = store::InstallationLock::acquire(installation->location());
    if (!lock) return fail(lock.error());
    if (auto added = installation->add_remote(options); !added) return fail(added.error());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(remote_add_registration, "remote-add", "Add a remote repository", run);

}  // namespace sandbox::cli

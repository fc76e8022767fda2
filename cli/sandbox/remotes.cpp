// sandbox remotes: the configured remotes, one a line: NAME URL and whether commits are verified.

#include <cstdio>

#include "sandbox/store/installation.hpp"
#include "sandbox/store/text.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "remotes",
    .usage = "[OPTION…]",
    .description = "Lists the remotes: name, URL, and gpg-verify or no-gpg-verify.",
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (!parsed.positional.empty()) return fail("remotes takes no arguments");
    if (!store::Installation::exists(parsed.installation.installation)) return 0;
    auto installation =
        store::Installation::open(parsed.installation.installation, store::OpenMode::Existing);
    if (!installation) return fail(installation.error());
    auto remotes = installation->remotes();
    if (!remotes) return fail(remotes.error());
    for (const auto& remote : *remotes)
        std::printf("%s\t%s\t%s\n", remote.name.c_str(), store::printable(remote.url).c_str(),
                    remote.gpg_verify ? "gpg-verify" : "no-gpg-verify");
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(remotes_registration, "remotes", "List the remote repositories", run);

}  // namespace sandbox::cli

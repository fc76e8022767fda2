// sandbox remote-ls [--app|--runtime] [REMOTE]: the refs remotes offer, from their summaries.

#include <cstdio>

#include "sandbox/store/installation.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "remote-ls",
    .usage = "[OPTION…] [REMOTE]",
    .description =
        "Lists the refs a remote offers (every remote's without REMOTE):\n"
        "ref, commit, remote.\n\n"
        "  --app                  only apps\n"
        "  --runtime              only runtimes",
    .flags = {"--app", "--runtime"},
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() > 1) return fail("remote-ls takes at most one REMOTE");
    auto installation =
        store::Installation::open(parsed.installation.installation, store::OpenMode::Existing);
    if (!installation) return fail(installation.error());
    std::vector<std::string> names = parsed.positional;
    if (names.empty()) {
        auto remotes = installation->remotes();
        if (!remotes) return fail(remotes.error());
        for (const auto& remote : *remotes) names.push_back(remote.name);
    }
    for (const auto& name : names) {
        auto refs = installation->remote_refs(name);
        if (!refs) return fail(refs.error());
        for (const auto& found : *refs)
            if (kind_wanted(parsed, found.ref.kind))
                std::printf("%s\t%s\t%s\n", found.ref.str().c_str(),
                            found.commit.substr(0, 12).c_str(), name.c_str());
    }
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(remote_ls_registration, "remote-ls", "List the refs a remote offers", run);

}  // namespace sandbox::cli

// sandbox list [--app|--runtime]: what is installed, one ref a line.

#include <unistd.h>

#include <cstdio>

#include "sandbox/store/deployment.hpp"
#include "sandbox/store/installation.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "list",
    .usage = "[OPTION…]",
    .description =
        "Lists what is installed: ref, origin, commit, installed size.\n\n"
        "  --app                  only apps\n"
        "  --runtime              only runtimes",
    .flags = {"--app", "--runtime"},
};

int run_parsed_command(const ParsedCommand& parsed) {
    if (!parsed.positional.empty()) return fail("list takes no arguments");
    auto deployments = store::list_deployments(parsed.installation.installation);
    if (!deployments) return fail(deployments.error());
    if (::isatty(STDOUT_FILENO) && !deployments->empty())
        std::printf("Ref\tOrigin\tCommit\tInstalled size\n");
    for (const auto& deployment : *deployments) {
        if (!kind_wanted(parsed, deployment.ref.kind)) continue;
        std::printf("%s\t%s\t%s\t%s\n", deployment.ref.str().c_str(),
                    deployment.origin.empty() ? "(bundle)" : deployment.origin.c_str(),
                    deployment.commit.substr(0, 12).c_str(),
                    human_size(deployment.installed_size).c_str());
    }
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(list_registration, "list", "List installed apps and runtimes", run);

}  // namespace sandbox::cli

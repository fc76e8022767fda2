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

bool wanted(const ParsedCommand& parsed, store::RefKind kind) {
    bool apps = parsed.flags.contains("--app");
    bool runtimes = parsed.flags.contains("--runtime");
    if (apps == runtimes) return true;
    return apps ? kind == store::RefKind::App : kind == store::RefKind::Runtime;
}

int run(Args args) {
    auto parsed = parse_command(kSpec, args);
    if (!parsed) return fail(parsed.error());
    if (parsed->help) {
        print_help(kSpec);
        return 0;
    }
    if (!parsed->positional.empty()) return fail("list takes no arguments");
    auto deployments = store::list_deployments(parsed->installation.installation);
    if (!deployments) return fail(deployments.error());
    if (::isatty(STDOUT_FILENO) && !deployments->empty())
        std::printf("Ref\tOrigin\tCommit\tInstalled size\n");
    for (const auto& deployment : *deployments) {
        if (!wanted(*parsed, deployment.ref.kind)) continue;
        std::printf("%s\t%s\t%s\t%s\n", deployment.ref.str().c_str(),
                    deployment.origin.empty() ? "(bundle)" : deployment.origin.c_str(),
                    deployment.commit.substr(0, 12).c_str(),
                    human_size(deployment.installed_size).c_str());
    }
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(list_registration, "list", "List installed apps and runtimes", run);

}  // namespace sandbox::cli

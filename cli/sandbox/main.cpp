// sandbox-cli: every subcommand (the `sandbox` front, front/main.cpp, runs the fast ones itself and
// execs this for the rest). Subcommands follow Flatpak's names and flags.

#include <cstdio>
#include <string>
#include <vector>

#include "subcommand.hpp"

int main(int argc, char** argv) {
    using namespace sandbox::cli;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_usage(stderr);
        return 1;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        print_usage(stdout);
        return 0;
    }
    if (args[0] == "--version") {
        std::printf("sandbox %s\n", SANDBOX_VERSION);
        return 0;
    }
    if (const Subcommand* subcommand = find_subcommand(args[0]))
        return subcommand->run(Args(args).subspan(1));
    return fail("'" + args[0] + "' is not a sandbox subcommand; see 'sandbox --help'");
}

// sandbox: the user's command. Subcommands follow Flatpak's names and flags.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

std::vector<Subcommand>& registry() {
    static std::vector<Subcommand> subcommands;
    return subcommands;
}

void print_usage(std::FILE* out) {
    std::fputs("Usage: sandbox SUBCOMMAND [OPTION…]\n\nSubcommands:\n", out);
    auto subcommands = registry();
    std::sort(subcommands.begin(), subcommands.end(),
              [](const Subcommand& a, const Subcommand& b) { return a.name < b.name; });
    for (const Subcommand& subcommand : subcommands)
        std::fprintf(out, "  %-16.*s %.*s\n", static_cast<int>(subcommand.name.size()),
                     subcommand.name.data(), static_cast<int>(subcommand.summary.size()),
                     subcommand.summary.data());
    std::fputs("\nRun 'sandbox SUBCOMMAND --help' for a subcommand's options.\n", out);
}

std::string printable(std::string_view text) {
    std::string shown;
    for (char c : text) shown += (c == '\t' || (c >= 0x20 && c != 0x7f)) ? c : '?';
    return shown;
}

}  // namespace

void register_subcommand(const Subcommand& subcommand) {
    registry().push_back(subcommand);
}

int fail(std::string_view message) {
    std::fprintf(stderr, "sandbox: %s\n", printable(message).c_str());
    return 1;
}

int fail(const Error& error) {
    return fail(error.message());
}

}  // namespace sandbox::cli

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
    for (const Subcommand& subcommand : registry())
        if (subcommand.name == args[0]) return subcommand.run(Args(args).subspan(1));
    return fail("'" + args[0] + "' is not a sandbox subcommand; see 'sandbox --help'");
}

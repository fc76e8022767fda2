// The subcommands a program was linked with (each registers itself, subcommand.hpp) and the
// error line they all print.

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

std::string printable(std::string_view text) {
    std::string shown;
    for (char c : text) shown += (c == '\t' || (c >= 0x20 && c != 0x7f)) ? c : '?';
    return shown;
}

}  // namespace

void register_subcommand(const Subcommand& subcommand) {
    registry().push_back(subcommand);
}

const Subcommand* find_subcommand(std::string_view name) {
    for (const Subcommand& subcommand : registry())
        if (subcommand.name == name) return &subcommand;
    return nullptr;
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

int fail(std::string_view message) {
    std::fprintf(stderr, "sandbox: %s\n", printable(message).c_str());
    return 1;
}

int fail(const Error& error) {
    return fail(error.message());
}

}  // namespace sandbox::cli

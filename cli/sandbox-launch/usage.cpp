#include <algorithm>
#include <string>

#include "bwrap_options.hpp"

namespace sandbox::launch_cli {
namespace {

constexpr std::size_t kHelpColumn = 33;

std::string synopsis(const OptionDoc& option) {
    std::string text(option.name);
    if (!option.arguments.empty()) text += " " + std::string(option.arguments);
    return text;
}

}  // namespace

std::string usage_text(std::string_view program_name) {
    std::string text =
        "usage: " + std::string(program_name) +
        " [OPTIONS...] [--] COMMAND [ARGS...]\n\n"
        "Runs COMMAND in a new unprivileged sandbox. Takes bubblewrap's options.\n\n";
    for (const OptionDoc& option : option_docs()) {
        std::string line = "    " + synopsis(option);
        line.resize(std::max(line.size() + 1, kHelpColumn), ' ');
        text += line + std::string(option.help) + "\n";
    }
    return text;
}

}  // namespace sandbox::launch_cli

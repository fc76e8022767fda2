#include "option_parsing.hpp"

#include <charconv>
#include <filesystem>
#include <sstream>

namespace sandbox::bench {

Status parse_option_pairs(int argc, char** argv, bool& show_help, const OptionHandler& apply) {
    for (int index = 1; index < argc; ++index) {
        std::string_view option = argv[index];
        if (option == "--help" || option == "-h") {
            show_help = true;
            continue;
        }
        if (index + 1 >= argc)
            return usage_error(std::string(option) + " needs a value (see --help)");
        SANDBOX_TRY(apply(option, argv[++index]));
    }
    return ok_status();
}

Status apply_count(int& count, std::string_view option, std::string_view value) {
    int parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || parsed < 1)
        return usage_error(std::string(option) + " needs a positive number, not '" +
                           std::string(value) + "'");
    count = parsed;
    return ok_status();
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    std::stringstream stream{std::string(text)};
    for (std::string part; std::getline(stream, part, ',');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

std::string program_next_to_this_one(const std::string& name) {
    std::error_code error;
    auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return name;
    return (self.parent_path() / name).string();
}

}  // namespace sandbox::bench

#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// What the benches' command lines share: "--help", OPTION VALUE pairs, counts and lists.

// Calls `apply` on every OPTION VALUE pair; "--help" and "-h" set `show_help` instead.
using OptionHandler = std::function<Status(std::string_view option, std::string_view value)>;
Status parse_option_pairs(int argc, char** argv, bool& show_help, const OptionHandler& apply);

// Sets `count` from `value`, a positive number, or says which option wants one.
Status apply_count(int& count, std::string_view option, std::string_view value);

// "a,,b" gives {"a", "b"}.
std::vector<std::string> split_commas(std::string_view text);

// The program `name` in this program's own directory, or just `name` when that is unknown.
std::string program_next_to_this_one(const std::string& name);

}  // namespace sandbox::bench

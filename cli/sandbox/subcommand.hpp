#pragma once

// `sandbox SUBCOMMAND …`: each subcommand lives in its own file and registers itself here with
// SANDBOX_SUBCOMMAND, so adding one touches nothing else.

#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::cli {

using Args = std::span<const std::string>;  // the arguments after the subcommand's name

struct Subcommand {
    std::string_view name;
    std::string_view summary;  // one line for `sandbox --help`
    int (*run)(Args args);     // the exit status
};

void register_subcommand(const Subcommand& subcommand);
// The registered subcommand called `name`, or null.
const Subcommand* find_subcommand(std::string_view name);
// `sandbox --help`: the registered subcommands with their summaries.
void print_usage(std::FILE* out);

struct Registration {
    explicit Registration(const Subcommand& subcommand) { register_subcommand(subcommand); }
};

// Prints "sandbox: MESSAGE" on stderr (one line; unprintable bytes shown as '?') and returns 1.
int fail(const Error& error);
int fail(std::string_view message);

}  // namespace sandbox::cli

#define SANDBOX_SUBCOMMAND(variable, name, summary, function) \
    static const ::sandbox::cli::Registration variable {      \
        ::sandbox::cli::Subcommand {                          \
            name, summary, function                           \
        }                                                     \
    }

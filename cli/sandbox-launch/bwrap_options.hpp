#pragma once

// sandbox-launch's front-end: bubblewrap's command-line syntax turned into a LaunchPlan. Parsing
// reads the fds it is told to read (--args, --seccomp, --add-seccomp-fd) and checks that every fd
// it is given is open, but creates, mounts and launches nothing.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"
#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launch_cli {

// What the parser starts from besides the arguments, so tests can give their own.
struct CallerContext {
    std::vector<std::string> environment;  // the caller's, "NAME=value"; --setenv etc. edit a copy
    bool cgroup_namespaces_supported = true;  // decides --unshare-cgroup(-try), as bwrap does
};

// The caller's environment (as `environ` holds it) and what this kernel supports.
CallerContext current_caller_context(char** environment);

struct ParsedCommand {
    launcher::LaunchPlan plan;
    // --seccomp-default (ours): main compiles this policy and loads it before --seccomp's programs.
    std::optional<launcher::SeccompOptions> default_seccomp;
    std::vector<std::string> warnings;  // one line each, e.g. "--chdir given twice: the last wins"
    bool help = false;                  // --help was seen: nothing else is filled
    bool version = false;               // --version was seen: nothing else is filled
};

// Parses the arguments after the program name. On failure the error is one line without a program
// prefix. When `level_prefix_seen` is given it is set once --level-prefix is parsed, so that main
// can prefix even a parse error that came after it with "<3>", as bwrap does.
Result<ParsedCommand> parse_bwrap_command_line(std::span<const std::string> args,
                                               const CallerContext& context,
                                               bool* level_prefix_seen = nullptr);

// One option as --help shows it.
struct OptionDoc {
    std::string_view name;       // "--ro-bind"
    std::string_view arguments;  // "SRC DEST", empty for a flag
    std::string_view help;
};
std::span<const OptionDoc> option_docs();

// The --help text: a usage line and one line per option.
std::string usage_text(std::string_view program_name);

}  // namespace sandbox::launch_cli

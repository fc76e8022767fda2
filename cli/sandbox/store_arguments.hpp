#pragma once

// Argument parsing shared by the store's subcommands: the installation options, the flags and
// --NAME=VALUE options a subcommand knows, and its positional arguments. Anything else starting
// with '-' is an error naming the subcommand's --help.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "installation_options.hpp"
#include "sandbox/common/error.hpp"
#include "sandbox/store/installer.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {

struct CommandSpec {
    std::string name;                   // "install"
    std::string usage;                  // "[OPTION…] [REMOTE] REF|ID"
    std::string description;            // printed under the usage line by --help
    std::set<std::string> flags = {};   // "--bundle"
    std::set<std::string> values = {};  // "--gpg-import" (taken as --gpg-import=VALUE)
    bool takes_installation = true;     // --user/--system/--installation=DIR/-y
};

struct ParsedCommand {
    InstallationOptions installation;
    std::set<std::string> flags;
    std::map<std::string, std::string> values;
    std::vector<std::string> positional;
    bool help = false;
};

Result<ParsedCommand> parse_command(const CommandSpec& spec, Args args);
void print_help(const CommandSpec& spec);

// A subcommand's whole run: `args` parsed against `spec`; a mistake printed (exit 1), --help
// printed (exit 0), else what `body` returns for the parsed command.
int run_parsed(const CommandSpec& spec, Args args,
               const std::function<int(const ParsedCommand&)>& body);

// --app / --runtime: whether refs of `kind` are wanted (both or neither: every kind).
bool kind_wanted(const ParsedCommand& parsed, store::RefKind kind);

// The reporter commands pass to the store: step lines on stdout, pull progress as one rewritten
// line on a terminal and as plain lines otherwise.
store::InstallReporter console_reporter();

// "1.2 MB"
std::string human_size(std::uint64_t bytes);

}  // namespace sandbox::cli

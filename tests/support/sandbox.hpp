#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::test {

// $SANDBOX_TEST_LAUNCHER if set, else the sandbox-launch of this build.
std::filesystem::path launcher_path();
std::filesystem::path probe_path();
// bwrap takes the same options but lacks ours (--seccomp-default...) and some newer ones.
bool is_bwrap();

// Where minimal_sandbox_args() puts the probe inside the sandbox.
inline constexpr const char* kProbeInSandbox = "/probe";

// Options for a sandbox holding just the probe: itself read-only, /proc, /dev, a /tmp tmpfs, every
// namespace unshared, and killed with its parent.
std::vector<std::string> minimal_sandbox_args();

// launcher + minimal_sandbox_args() + options + "--" + probe + probe_args.
std::vector<std::string> sandbox_command(const std::vector<std::string>& options,
                                         const std::vector<std::string>& probe_args);

// The probe's "key=value" lines; a key may repeat (mount=, proc=, fd=...).
using KeyValues = std::multimap<std::string, std::string>;
KeyValues parse_key_values(std::string_view text);
std::optional<std::string> value_of(const KeyValues& values, const std::string& key);
std::vector<std::string> values_of(const KeyValues& values, const std::string& key);

}  // namespace sandbox::test

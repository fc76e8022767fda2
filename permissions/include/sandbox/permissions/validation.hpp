#pragma once

// Checks on the strings permissions are made of. Everything here is pure; errors name the
// offending text with unprintable bytes shown as '?', so hostile input cannot drive a terminal.

#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::permissions {

// The text with control characters (C0, DEL, C1) and invalid UTF-8 shown as '?', at most 200
// bytes: safe to put in a message.
std::string printable(std::string_view text);

// No control characters (C0 but tab, DEL, C1) and valid UTF-8.
bool is_safe_text(std::string_view text);

// A D-Bus well-known name (not a unique ":1.2" one), optionally ending in ".*".
bool is_valid_bus_name(std::string_view name);

// [A-Za-z_][A-Za-z0-9_]*: what a shell can export.
bool is_valid_environment_name(std::string_view name);

// A relative path under $HOME for --persist: not empty, not absolute, no "." or ".." component.
Status check_persistent_path(std::string_view path);

}  // namespace sandbox::permissions

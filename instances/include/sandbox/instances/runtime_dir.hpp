#pragma once

// Where running sandboxes are recorded: $XDG_RUNTIME_DIR/.sandbox. Without XDG_RUNTIME_DIR (no
// login session) a private fallback stands in for it, as Flatpak does: /tmp/sandbox-runtime-UID,
// made 0700 and refused unless it is a directory of ours that nobody else can enter.

#include <filesystem>

#include "sandbox/common/error.hpp"

namespace sandbox::instances {

// $XDG_RUNTIME_DIR, or the checked fallback (created if missing).
Result<std::filesystem::path> user_runtime_dir();

// RUNTIME_DIR/.sandbox, created (0700) if missing.
Result<std::filesystem::path> instances_dir();

}  // namespace sandbox::instances

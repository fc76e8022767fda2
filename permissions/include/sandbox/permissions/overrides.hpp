#pragma once

// Override files (INSTALLATION/overrides/global and INSTALLATION/overrides/ID): a keyfile holding
// permission groups only, written by `sandbox override`.

#include <filesystem>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/permissions/metadata.hpp"

namespace sandbox::permissions {

// The layer an override file holds; an empty one when the file does not exist.
Result<Context> load_override_file(const std::filesystem::path& path, Warnings& warnings);

// Writes `context` (revocations kept) to `path` atomically: a temporary file in the same
// directory, flushed, then renamed over it. Creates the directory if needed.
Status save_override_file(const std::filesystem::path& path, const Context& context);

// Removes the override file; no error when there is none.
Status remove_override_file(const std::filesystem::path& path);

}  // namespace sandbox::permissions

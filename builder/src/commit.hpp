#pragma once

// Committing a staged tree to a repository (created in archive mode if absent: what web servers
// serve), under a ref, with Flatpak's commit metadata (xa.metadata), then regenerating the
// summary so that remotes list the ref.

#include <filesystem>
#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

Result<std::string> commit_tree(const std::filesystem::path& repo,
                                const std::filesystem::path& tree, const std::string& ref,
                                const std::string& metadata, const std::string& subject);

}  // namespace sandbox::builder

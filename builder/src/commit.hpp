#pragma once

// Committing a staged tree to a repository (created in archive mode if absent: what web servers
// serve), under a ref, with Flatpak's commit metadata (xa.metadata), then regenerating the
// summary so that remotes list the ref.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

// A reproducible commit (a Debian build, time from its lock): that time, no parent commit and no
// extended attributes, so the same tree always gives the same commit checksum (and building it
// again changes nothing). Otherwise: SOURCE_DATE_EPOCH or now, the ref's commit as parent.
struct CommitOptions {
    std::optional<std::int64_t> reproducible_time;
};

Result<std::string> commit_tree(const std::filesystem::path& repo,
                                const std::filesystem::path& tree, const std::string& ref,
                                const std::string& metadata, const std::string& subject,
                                const CommitOptions& options = {});

}  // namespace sandbox::builder

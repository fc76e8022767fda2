#pragma once

#include <cstdint>
#include <filesystem>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// Space a tree takes on disk (st_blocks, as du counts it), symlinks not followed.
struct DiskUsage {
    std::uint64_t unique_bytes = 0;  // each inode once, however many links it has here (du)
    std::uint64_t linked_bytes = 0;  // each link counted (du -l): what copies would take
};

Result<DiskUsage> disk_usage(const std::filesystem::path& root);

}  // namespace sandbox::bench

#pragma once

// Whole-tree file operations the deployments need.

#include <cstdint>
#include <filesystem>

#include "sandbox/common/error.hpp"

namespace sandbox::store {

// Bytes of the regular files under `root` (hardlinked files counted once per link, as Flatpak's
// installed size counts them), symlinks not followed.
std::uint64_t tree_size(const std::filesystem::path& root);

// Removes `root` and everything under it, first making its directories writable (a checkout
// keeps the commit's modes, which may be read-only). A missing root is fine.
Status remove_tree(const std::filesystem::path& root);

// Renames `path` to a hidden name next to it (so it vanishes from view in one step), then removes
// it.
Status remove_tree_atomically(const std::filesystem::path& path);

// Flushes the filesystem holding `path` (what a deployment is made of must be on disk before
// `active` points at it).
void sync_filesystem(const std::filesystem::path& path);

}  // namespace sandbox::store

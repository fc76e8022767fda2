#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "sandbox/common/fd.hpp"

namespace sandbox::test {

// A memfd holding `content`, positioned at its start (for --file, --bind-data, --seccomp...).
UniqueFd data_fd(std::string_view content);
UniqueFd open_or_die(const std::filesystem::path& path, int flags);
void write_file(const std::filesystem::path& path, std::string_view content);
std::string read_file(const std::filesystem::path& path);

// Removes a tree the test user owns, including directories left without permissions (overlayfs
// leaves its work/work as mode 000). Errors are ignored: this is cleanup.
void remove_tree(const std::filesystem::path& path);

}  // namespace sandbox::test

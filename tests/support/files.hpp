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
// The same, making the parent directories first and giving the file `permissions`.
void write_file(const std::filesystem::path& path, std::string_view content,
                std::filesystem::perms permissions);

inline constexpr std::filesystem::perms kExecutableMode =
    std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
    std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
    std::filesystem::perms::others_exec;
inline constexpr std::filesystem::perms kReadableMode =
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
    std::filesystem::perms::group_read | std::filesystem::perms::others_read;
std::string read_file(const std::filesystem::path& path);

// Removes a tree the test user owns, including directories left without permissions (overlayfs
// leaves its work/work as mode 000). Errors are ignored: this is cleanup.
void remove_tree(const std::filesystem::path& path);

}  // namespace sandbox::test

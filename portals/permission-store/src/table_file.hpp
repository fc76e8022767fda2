#pragma once

// One table as one file in the database directory: written whole to a temporary and renamed over
// the old one (under the directory's lock), so a reader sees either version, never a mix.

#include <sys/types.h>

#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/portals/permission_store/permission_table.hpp"

namespace sandbox::portals {

// What tells one version of a table file from another: each write is a new inode.
struct FileStamp {
    bool exists = false;
    dev_t device = 0;
    ino_t inode = 0;
    std::timespec mtime{};
    off_t size = 0;

    friend bool operator==(const FileStamp& a, const FileStamp& b);
};

struct LoadedTable {
    PermissionTable entries;
    FileStamp stamp;
};

inline constexpr std::size_t kMaxTableFileSize = 64 * 1024 * 1024;

// The file format: a magic line, then the GVariant a{s(a{sas}mv)} in little-endian serialization.
std::string serialize_table(const PermissionTable& table);
Result<PermissionTable> parse_table(std::string_view file_contents);

Result<FileStamp> stamp_table_file(int dir_fd, const std::string& table);
// A missing file is an empty table (stamp.exists false).
Result<LoadedTable> load_table_file(int dir_fd, const std::string& table);
Status write_table_file(int dir_fd, const std::string& table, const PermissionTable& entries);
// The names of the table files in the directory, sorted.
Result<std::vector<std::string>> list_table_files(int dir_fd);

// An exclusive flock on the directory's .lock file, held while the fd lives.
Result<UniqueFd> lock_database_directory(int dir_fd);

}  // namespace sandbox::portals

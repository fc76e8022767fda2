#pragma once

// Where a node of the document filesystem is on the host: a directory (opened O_PATH) and one
// name in it. Every lookup walks from the document's directory fd with openat2(RESOLVE_BENEATH |
// RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS), so a link planted anywhere in an exported tree
// (or a directory swapped for one) ends the walk instead of leading out of it. The leaf itself is
// only ever used with *at calls that do not follow it. Functions return 0 or an errno.

#include <sys/stat.h>
#include <sys/types.h>

#include <memory>
#include <string>

#include "sandbox/common/fd.hpp"
#include "sandbox/portals/documents/document.hpp"

namespace sandbox::portals::documents {

struct HostLocation {
    std::shared_ptr<const UniqueFd> dir;
    std::string leaf;

    [[nodiscard]] int dir_fd() const { return dir->get(); }
};

// The document's own file or directory: `name` in its parent directory.
int locate_document(const DocumentInfo& document, HostLocation& location);
// `leaf` (a name of ours, e.g. a temporary file) beside the document's file.
int locate_beside_document(const DocumentInfo& document, const std::string& leaf,
                           HostLocation& location);
// `path` ("a/b/c", never empty) beneath an exported directory.
int locate_in_tree(const DocumentInfo& document, const std::string& path, HostLocation& location);

// fstatat without following the leaf.
int stat_location(const HostLocation& location, struct stat& st);
// Opens the leaf (never following it); only a regular file is accepted, and opening never blocks
// on a FIFO swapped in behind our back. Returns the fd, or -1 with errno set.
int open_regular_file(const HostLocation& location, int flags, mode_t mode);
// Opens the leaf as a directory, to read its entries.
int open_directory(const HostLocation& location, UniqueFd& fd);

// "" + "a" = "a", "a/b" + "c" = "a/b/c".
std::string join_tree_path(const std::string& dir, const std::string& name);

}  // namespace sandbox::portals::documents

// The operations of the document filesystem that change the host: create, mkdir, unlink, rmdir,
// rename, setattr. Each needs the viewing app's `write` grant.

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "fuse_ops.hpp"

namespace sandbox::portals::documents {
namespace {

// Where `name`, in the folder `dir_path` of an exported folder, is on the host.
int locate_child(const DocumentInfo& document, const std::string& dir_path, const char* name,
                 HostLocation& location) {
    return locate_in_tree(document, join_tree_path(dir_path, name), location);
}

constexpr int kTimeChanges =
    FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_ATIME_NOW | FUSE_SET_ATTR_MTIME_NOW;

int set_times(const HostLocation& location, const struct stat& attr, int to_set) {
    struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    if ((to_set & FUSE_SET_ATTR_ATIME) != 0) times[0] = attr.st_atim;
    if ((to_set & FUSE_SET_ATTR_ATIME_NOW) != 0) times[0] = {0, UTIME_NOW};
    if ((to_set & FUSE_SET_ATTR_MTIME) != 0) times[1] = attr.st_mtim;
    if ((to_set & FUSE_SET_ATTR_MTIME_NOW) != 0) times[1] = {0, UTIME_NOW};
    if (utimensat(location.dir_fd(), location.leaf.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
        return errno;
    return 0;
}

// -1 with errno set, for the functions that return an fd.
int failed_with(int error) {
    errno = error;
    return -1;
}

int truncate_location(const HostLocation& location, const fuse_file_info* fi, off_t size) {
    UniqueFd opened;
    int fd = fi != nullptr ? static_cast<int>(fi->fh) : -1;
    if (fd < 0) {
        opened.reset(open_regular_file(location, O_WRONLY, 0));
        if (!opened) return errno;
        fd = opened.get();
    }
    return ftruncate(fd, size) == 0 ? 0 : errno;
}

}  // namespace

void DocumentFilesystem::setattr(fuse_req_t req, fuse_ino_t inode, const struct stat& attr,
                                 int to_set, fuse_file_info* fi) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    if (node->key.kind != NodeKind::DocFile && node->key.kind != NodeKind::TempFile &&
        node->key.kind != NodeKind::TreeEntry)
        return (void)fuse_reply_err(req, EPERM);
    if ((to_set & (FUSE_SET_ATTR_SIZE | kTimeChanges)) != 0 && !node->permissions.write)
        return (void)fuse_reply_err(req, EACCES);
    HostLocation location;
    if (int error = locate(*node, location); error != 0) return (void)fuse_reply_err(req, error);
    if ((to_set & FUSE_SET_ATTR_SIZE) != 0)
        if (int error = truncate_location(location, fi, attr.st_size); error != 0)
            return (void)fuse_reply_err(req, error);
    if ((to_set & kTimeChanges) != 0)
        if (int error = set_times(location, attr, to_set); error != 0)
            return (void)fuse_reply_err(req, error);
    // Mode and owner changes are not passed on: the mode shows the grant, not the host file's.
    getattr(req, inode);
}

void DocumentFilesystem::reply_created(fuse_req_t req, const Node& parent, const std::string& name,
                                       int fd, fuse_file_info* fi) {
    auto node = child(parent, name);
    fuse_entry_param entry{};
    if (!node || attributes(*node, entry.ino = inodes_.inode_for(node->key), entry.attr) != 0) {
        ::close(fd);
        return (void)fuse_reply_err(req, EIO);
    }
    fi->fh = static_cast<uint64_t>(fd);
    if (fuse_reply_create(req, &entry, fi) != 0) ::close(fd);
}

int DocumentFilesystem::open_in_document_dir(const Node& parent, const std::string& name, int flags,
                                             mode_t mode) {
    const DocumentInfo& document = *parent.document;
    HostLocation location;
    if (name == document.name) {
        if (int error = locate_document(document, location); error != 0) return failed_with(error);
        return open_regular_file(location, flags | O_CREAT, mode & 0666);
    }
    if (!is_valid_document_name(name)) return failed_with(EINVAL);
    if (!document.parent_dir || !document.parent_dir->valid()) return failed_with(ENOENT);
    auto host_name = temps_.host_name(temp_owner(parent), name);
    if (!host_name)
        return temps_.create(temp_owner(parent), name, document.parent_dir,
                             flags & kPassedOpenFlags & ~O_TRUNC, mode);
    if ((flags & O_EXCL) != 0) return failed_with(EEXIST);
    if (int error = locate_beside_document(document, *host_name, location); error != 0)
        return failed_with(error);
    return open_regular_file(location, flags & kPassedOpenFlags, 0);
}

void DocumentFilesystem::create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
                                fuse_file_info* fi) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    auto dir_path = tree_dir_path(*parent_node);
    bool single_file_dir = is_document_dir(*parent_node) && !parent_node->document->directory;
    if (!dir_path && !single_file_dir) return (void)fuse_reply_err(req, EACCES);
    if (!parent_node->permissions.write) return (void)fuse_reply_err(req, EACCES);
    int flags = fi->flags & (kPassedOpenFlags | O_EXCL);
    int fd = -1;
    if (single_file_dir) {
        fd = open_in_document_dir(*parent_node, name, flags, mode);
    } else {
        HostLocation location;
        if (int error = locate_child(*parent_node->document, *dir_path, name, location); error != 0)
            return (void)fuse_reply_err(req, error);
        fd = open_regular_file(location, flags | O_CREAT, mode & 0777);
    }
    if (fd < 0) return (void)fuse_reply_err(req, errno);
    reply_created(req, *parent_node, name, fd, fi);
}

void DocumentFilesystem::mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    auto dir_path = tree_dir_path(*parent_node);
    if (!dir_path) return (void)fuse_reply_err(req, EPERM);
    if (!parent_node->permissions.write) return (void)fuse_reply_err(req, EACCES);
    HostLocation location;
    if (int error = locate_child(*parent_node->document, *dir_path, name, location); error != 0)
        return (void)fuse_reply_err(req, error);
    if (mkdirat(location.dir_fd(), location.leaf.c_str(), mode & 0777) != 0)
        return (void)fuse_reply_err(req, errno);
    auto node = child(*parent_node, name);
    if (!node) return (void)fuse_reply_err(req, EIO);
    reply_entry(req, *node);
}

int DocumentFilesystem::unlink_in_document_dir(const Node& parent, const std::string& name) {
    const DocumentInfo& document = *parent.document;
    if (name == document.name) {
        if (document.directory) return EPERM;
        HostLocation location;
        if (int error = locate_document(document, location); error != 0) return error;
        return unlinkat(location.dir_fd(), location.leaf.c_str(), 0) == 0 ? 0 : errno;
    }
    return temps_.remove(temp_owner(parent), name);
}

void DocumentFilesystem::unlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    auto dir_path = tree_dir_path(*parent_node);
    if (!dir_path && !is_document_dir(*parent_node)) return (void)fuse_reply_err(req, EACCES);
    if (!parent_node->permissions.write) return (void)fuse_reply_err(req, EACCES);
    if (!dir_path) return (void)fuse_reply_err(req, unlink_in_document_dir(*parent_node, name));
    HostLocation location;
    if (int error = locate_child(*parent_node->document, *dir_path, name, location); error != 0)
        return (void)fuse_reply_err(req, error);
    fuse_reply_err(req, unlinkat(location.dir_fd(), location.leaf.c_str(), 0) == 0 ? 0 : errno);
}

void DocumentFilesystem::rmdir(fuse_req_t req, fuse_ino_t parent, const char* name) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    auto dir_path = tree_dir_path(*parent_node);
    if (!dir_path) return (void)fuse_reply_err(req, EPERM);
    if (!parent_node->permissions.write) return (void)fuse_reply_err(req, EACCES);
    HostLocation location;
    if (int error = locate_child(*parent_node->document, *dir_path, name, location); error != 0)
        return (void)fuse_reply_err(req, error);
    if (unlinkat(location.dir_fd(), location.leaf.c_str(), AT_REMOVEDIR) != 0)
        return (void)fuse_reply_err(req, errno);
    fuse_reply_err(req, 0);
}

// Saving by temporary file: NAME → backup (the host file moves to a hidden name of ours),
// temporary → NAME (renamed over the host file, atomically, in its own directory), temporary →
// temporary (only our table changes).
int DocumentFilesystem::rename_in_document_dir(const Node& parent, const std::string& name,
                                               const std::string& new_name, unsigned int flags) {
    const DocumentInfo& document = *parent.document;
    if (document.directory) return EPERM;
    if (name == new_name) return 0;
    if (!is_valid_document_name(new_name)) return EINVAL;
    TempFileOwner owner = temp_owner(parent);
    if (name == document.name) {
        if ((flags & RENAME_NOREPLACE) != 0 && temps_.host_name(owner, new_name)) return EEXIST;
        if (!document.parent_dir || !document.parent_dir->valid()) return ENOENT;
        return temps_.adopt(owner, new_name, document.parent_dir, document.name);
    }
    if (new_name == document.name) {
        if (int error = temps_.move_onto(owner, name, document.name, flags); error != 0)
            return error;
        // The host file is a new inode now; a failure here only leaves the old identity.
        (void)store_.follow_replaced_file(document.id);
        return 0;
    }
    if (int error = temps_.rename(owner, name, new_name, flags); error != 0) return error;
    inodes_.rename(NodeKind::TempFile, document.id, owner.app_id, name, new_name);
    return 0;
}

int DocumentFilesystem::rename_in_tree(const Node& parent, const std::string& name,
                                       const Node& new_parent, const std::string& new_name,
                                       unsigned int flags) {
    auto from_dir = tree_dir_path(parent), to_dir = tree_dir_path(new_parent);
    if (!from_dir || !to_dir) return EACCES;
    std::string from = join_tree_path(*from_dir, name), to = join_tree_path(*to_dir, new_name);
    HostLocation source, target;
    if (int error = locate_in_tree(*parent.document, from, source); error != 0) return error;
    if (int error = locate_in_tree(*new_parent.document, to, target); error != 0) return error;
    if (renameat2(source.dir_fd(), source.leaf.c_str(), target.dir_fd(), target.leaf.c_str(),
                  flags) != 0)
        return errno;
    inodes_.rename(NodeKind::TreeEntry, parent.key.doc_id, std::nullopt, from, to);
    return 0;
}

void DocumentFilesystem::rename(fuse_req_t req, fuse_ino_t parent, const char* name,
                                fuse_ino_t new_parent, const char* new_name, unsigned int flags) {
    // RENAME_EXCHANGE and RENAME_WHITEOUT would leave our names and inodes guessing.
    if ((flags & ~static_cast<unsigned int>(RENAME_NOREPLACE)) != 0)
        return (void)fuse_reply_err(req, EINVAL);
    auto from = resolve(parent), to = resolve(new_parent);
    if (!from || !to) return (void)fuse_reply_err(req, ENOENT);
    if (!from->document || !to->document) return (void)fuse_reply_err(req, EPERM);
    if (from->key.doc_id != to->key.doc_id || from->key.app_id != to->key.app_id)
        return (void)fuse_reply_err(req, EXDEV);
    if (!from->permissions.write) return (void)fuse_reply_err(req, EACCES);
    int error = EACCES;
    if (is_document_dir(*from) && is_document_dir(*to))
        error = rename_in_document_dir(*from, name, new_name, flags);
    else if (tree_dir_path(*from) && tree_dir_path(*to))
        error = rename_in_tree(*from, name, *to, new_name, flags);
    fuse_reply_err(req, error);
}

}  // namespace sandbox::portals::documents

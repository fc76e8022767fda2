#include "fuse_ops.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "sandbox/common/files.hpp"

namespace sandbox::portals::documents {
namespace {

constexpr DocumentPermissions kHostPermissions{true, true, true, true};
constexpr mode_t kReadOnlyDirMode = 0500;
constexpr mode_t kWritableDirMode = 0700;
// Open flags the kernel may pass on to the host file; anything else (O_CREAT, O_NOFOLLOW…) is ours.
constexpr int kPassedOpenFlags = O_ACCMODE | O_TRUNC | O_APPEND | O_SYNC | O_DSYNC;

bool stat_host_file(const DocumentInfo& document, struct stat& st) {
    if (!document.parent_dir || !document.parent_dir->valid()) return false;
    if (fstatat(document.parent_dir->get(), document.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    return document.directory ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

mode_t permission_mask(const DocumentPermissions& permissions) {
    return (permissions.read ? 0555 : 0) | (permissions.write ? 0222 : 0);
}

bool wants_write(int flags) {
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) != 0;
}

bool wants_read(int flags) {
    return (flags & O_ACCMODE) != O_WRONLY;
}

struct DirEntry {
    std::string name;
    fuse_ino_t inode;
    mode_t type;
};

}  // namespace

DocumentFilesystem::DocumentFilesystem(DocumentStore& store)
    : store_(store), uid_(getuid()), gid_(getgid()) {}

std::optional<DocumentFilesystem::Node> DocumentFilesystem::document_node(
    NodeKind kind, const std::string& app_id, const std::string& doc_id) const {
    auto document = store_.find(doc_id);
    if (!document) return std::nullopt;
    if (app_id.empty()) return Node{{kind, app_id, doc_id}, document, kHostPermissions};
    auto grant = document->apps.find(app_id);
    if (grant == document->apps.end()) return std::nullopt;  // other apps' documents don't exist
    return Node{{kind, app_id, doc_id}, document, grant->second};
}

std::optional<DocumentFilesystem::Node> DocumentFilesystem::resolve(fuse_ino_t inode) const {
    auto key = inodes_.key_of(inode);
    if (!key) return std::nullopt;
    switch (key->kind) {
        case NodeKind::Root:
        case NodeKind::ByApp:
        case NodeKind::AppDir:
            return Node{*key, std::nullopt, {}};
        case NodeKind::DocDir:
        case NodeKind::DocFile:
            return document_node(key->kind, key->app_id, key->doc_id);
    }
    return std::nullopt;
}

std::optional<DocumentFilesystem::Node> DocumentFilesystem::child(const Node& parent,
                                                                  const std::string& name) const {
    switch (parent.key.kind) {
        case NodeKind::Root:
            if (name == "by-app") return Node{{NodeKind::ByApp, {}, {}}, std::nullopt, {}};
            if (!is_valid_document_id(name)) return std::nullopt;
            return document_node(NodeKind::DocDir, {}, name);
        case NodeKind::ByApp:
            if (!is_valid_app_id(name)) return std::nullopt;
            return Node{{NodeKind::AppDir, name, {}}, std::nullopt, {}};
        case NodeKind::AppDir:
            if (!is_valid_document_id(name)) return std::nullopt;
            return document_node(NodeKind::DocDir, parent.key.app_id, name);
        case NodeKind::DocDir:
            if (name != parent.document->name) return std::nullopt;
            return document_node(NodeKind::DocFile, parent.key.app_id, parent.key.doc_id);
        case NodeKind::DocFile:
            return std::nullopt;  // the inside of exported directories is not served (yet)
    }
    return std::nullopt;
}

int DocumentFilesystem::attributes(const Node& node, fuse_ino_t inode, struct stat& st) const {
    st = {};
    st.st_ino = inode;
    st.st_uid = uid_;
    st.st_gid = gid_;
    st.st_nlink = 2;
    st.st_mode = S_IFDIR | kReadOnlyDirMode;
    if (node.key.kind == NodeKind::DocDir && node.permissions.write)
        st.st_mode = S_IFDIR | kWritableDirMode;
    if (node.key.kind != NodeKind::DocFile) return 0;
    struct stat host {};
    if (!stat_host_file(*node.document, host)) return ENOENT;
    st = host;
    st.st_ino = inode;
    st.st_mode =
        (host.st_mode & S_IFMT) | (host.st_mode & 0777 & permission_mask(node.permissions));
    return 0;
}

void DocumentFilesystem::reply_entry(fuse_req_t req, const Node& node) {
    fuse_entry_param entry{};
    entry.ino = inodes_.inode_for(node.key);
    if (int error = attributes(node, entry.ino, entry.attr); error != 0) {
        fuse_reply_err(req, error);
        return;
    }
    // Nothing is cached: a grant or a revocation shows at once.
    entry.attr_timeout = 0;
    entry.entry_timeout = 0;
    fuse_reply_entry(req, &entry);
}

void DocumentFilesystem::lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    auto node = child(*parent_node, name);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    reply_entry(req, *node);
}

void DocumentFilesystem::getattr(fuse_req_t req, fuse_ino_t inode) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    struct stat st {};
    if (int error = attributes(*node, inode, st); error != 0)
        return (void)fuse_reply_err(req, error);
    fuse_reply_attr(req, &st, 0);
}

void DocumentFilesystem::setattr(fuse_req_t req, fuse_ino_t inode, const struct stat& attr,
                                 int to_set, fuse_file_info* fi) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    if (node->key.kind != NodeKind::DocFile) return (void)fuse_reply_err(req, EPERM);
    constexpr int kChanges = FUSE_SET_ATTR_SIZE | FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME |
                             FUSE_SET_ATTR_ATIME_NOW | FUSE_SET_ATTR_MTIME_NOW;
    if ((to_set & kChanges) != 0 && !node->permissions.write)
        return (void)fuse_reply_err(req, EACCES);
    if ((to_set & FUSE_SET_ATTR_SIZE) != 0) {
        UniqueFd opened;
        int fd = fi != nullptr ? static_cast<int>(fi->fh) : -1;
        if (fd < 0) {
            opened.reset(open_host_file(*node->document, O_WRONLY, 0));
            if (!opened) return (void)fuse_reply_err(req, errno);
            fd = opened.get();
        }
        if (ftruncate(fd, attr.st_size) != 0) return (void)fuse_reply_err(req, errno);
    }
    if ((to_set & (FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME | FUSE_SET_ATTR_ATIME_NOW |
                   FUSE_SET_ATTR_MTIME_NOW)) != 0) {
        struct timespec times[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
        if ((to_set & FUSE_SET_ATTR_ATIME) != 0) times[0] = attr.st_atim;
        if ((to_set & FUSE_SET_ATTR_ATIME_NOW) != 0) times[0] = {0, UTIME_NOW};
        if ((to_set & FUSE_SET_ATTR_MTIME) != 0) times[1] = attr.st_mtim;
        if ((to_set & FUSE_SET_ATTR_MTIME_NOW) != 0) times[1] = {0, UTIME_NOW};
        const DocumentInfo& document = *node->document;
        if (utimensat(document.parent_dir->get(), document.name.c_str(), times,
                      AT_SYMLINK_NOFOLLOW) != 0)
            return (void)fuse_reply_err(req, errno);
    }
    // Mode and owner changes are not passed on: the mode shows the grant, not the host file's.
    getattr(req, inode);
}

void DocumentFilesystem::readdir(fuse_req_t req, fuse_ino_t inode, size_t size, off_t offset) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    std::vector<DirEntry> entries = {{".", inode, S_IFDIR}, {"..", kRootInode, S_IFDIR}};
    auto add_child = [&](const std::string& name) {
        auto found = child(*node, name);
        if (!found) return;
        struct stat st {};
        fuse_ino_t child_inode = inodes_.inode_for(found->key);
        if (attributes(*found, child_inode, st) == 0)
            entries.push_back({name, child_inode, st.st_mode & S_IFMT});
    };
    switch (node->key.kind) {
        case NodeKind::Root:
            add_child("by-app");
            for (const auto& document : store_.list()) add_child(document.id);
            break;
        case NodeKind::ByApp:
            for (const auto& app_id : store_.apps()) add_child(app_id);
            break;
        case NodeKind::AppDir:
            for (const auto& document : store_.list(node->key.app_id)) add_child(document.id);
            break;
        case NodeKind::DocDir:
            add_child(node->document->name);
            break;
        case NodeKind::DocFile:
            if (!node->document->directory) return (void)fuse_reply_err(req, ENOTDIR);
            break;
    }
    std::vector<char> buffer(size);
    size_t used = 0;
    for (size_t index = static_cast<size_t>(offset); index < entries.size(); ++index) {
        struct stat st {};
        st.st_ino = entries[index].inode;
        st.st_mode = entries[index].type;
        size_t needed =
            fuse_add_direntry(req, buffer.data() + used, size - used, entries[index].name.c_str(),
                              &st, static_cast<off_t>(index + 1));
        if (needed > size - used) break;
        used += needed;
    }
    fuse_reply_buf(req, buffer.data(), used);
}

int DocumentFilesystem::open_host_file(const DocumentInfo& document, int flags, mode_t mode) {
    if (!document.parent_dir || !document.parent_dir->valid()) {
        errno = ENOENT;
        return -1;
    }
    return openat2_raw(document.parent_dir->get(), document.name.c_str(),
                       flags | O_CLOEXEC | O_NOFOLLOW, mode,
                       RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
}

void DocumentFilesystem::open(fuse_req_t req, fuse_ino_t inode, fuse_file_info* fi) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    if (node->key.kind != NodeKind::DocFile || node->document->directory)
        return (void)fuse_reply_err(req, EISDIR);
    if ((wants_write(fi->flags) && !node->permissions.write) ||
        (wants_read(fi->flags) && !node->permissions.read))
        return (void)fuse_reply_err(req, EACCES);
    int fd = open_host_file(*node->document, fi->flags & kPassedOpenFlags, 0);
    if (fd < 0) return (void)fuse_reply_err(req, errno);
    fi->fh = static_cast<uint64_t>(fd);
    if (fuse_reply_open(req, fi) != 0) ::close(fd);  // the opener was interrupted
}

void DocumentFilesystem::create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
                                fuse_file_info* fi) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    // Only the document's own name can be made, in its own directory.
    if (parent_node->key.kind != NodeKind::DocDir || name != parent_node->document->name ||
        parent_node->document->directory)
        return (void)fuse_reply_err(req, EACCES);
    if (!parent_node->permissions.write) return (void)fuse_reply_err(req, EACCES);
    int flags = (fi->flags & (kPassedOpenFlags | O_EXCL)) | O_CREAT;
    int fd = open_host_file(*parent_node->document, flags, mode & 0666);
    if (fd < 0) return (void)fuse_reply_err(req, errno);
    auto node = child(*parent_node, name);
    fuse_entry_param entry{};
    if (!node || attributes(*node, entry.ino = inodes_.inode_for(node->key), entry.attr) != 0) {
        ::close(fd);
        return (void)fuse_reply_err(req, EIO);
    }
    fi->fh = static_cast<uint64_t>(fd);
    if (fuse_reply_create(req, &entry, fi) != 0) ::close(fd);
}

void DocumentFilesystem::unlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
    auto parent_node = resolve(parent);
    if (!parent_node) return (void)fuse_reply_err(req, ENOENT);
    if (parent_node->key.kind != NodeKind::DocDir || name != parent_node->document->name)
        return (void)fuse_reply_err(req,
                                    parent_node->key.kind == NodeKind::DocDir ? ENOENT : EACCES);
    if (!parent_node->permissions.write || parent_node->document->directory)
        return (void)fuse_reply_err(req, EACCES);
    const DocumentInfo& document = *parent_node->document;
    if (!document.parent_dir || unlinkat(document.parent_dir->get(), name, 0) != 0)
        return (void)fuse_reply_err(req, document.parent_dir ? errno : ENOENT);
    fuse_reply_err(req, 0);
}

}  // namespace sandbox::portals::documents

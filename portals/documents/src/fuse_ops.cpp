// The nodes of the document filesystem and the operations that only look: lookup, getattr,
// readdir, readlink, open.

#include "fuse_ops.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <vector>

namespace sandbox::portals::documents {
namespace {

constexpr DocumentPermissions kHostPermissions{true, true, true, true};
constexpr mode_t kReadOnlyDirMode = 0500;
constexpr mode_t kWritableDirMode = 0700;

mode_t permission_mask(const DocumentPermissions& permissions) {
    return (permissions.read ? 0555 : 0) | (permissions.write ? 0222 : 0);
}

bool wants_write(int flags) {
    return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) != 0;
}

bool wants_read(int flags) {
    return (flags & O_ACCMODE) != O_WRONLY;
}

// The host's file type is what the node must be: a document is its file or its directory, a
// temporary file a regular file; anything beneath an exported directory is shown as it is.
bool host_type_fits(const DocumentInfo& document, NodeKind kind, mode_t mode) {
    switch (kind) {
        case NodeKind::DocFile:
            return document.directory ? S_ISDIR(mode) : S_ISREG(mode);
        case NodeKind::TempFile:
            return S_ISREG(mode);
        default:
            return true;
    }
}

struct DirCloser {
    void operator()(DIR* dir) const { closedir(dir); }
};

}  // namespace

DocumentFilesystem::DocumentFilesystem(DocumentStore& store)
    : store_(store), uid_(getuid()), gid_(getgid()) {}

std::optional<DocumentFilesystem::Node> DocumentFilesystem::document_node(
    NodeKind kind, const std::string& app_id, const std::string& doc_id) const {
    auto document = store_.find(doc_id);
    if (!document) return std::nullopt;
    if (app_id.empty()) return Node{{kind, app_id, doc_id, {}}, document, kHostPermissions};
    auto grant = document->apps.find(app_id);
    if (grant == document->apps.end()) return std::nullopt;  // other apps' documents don't exist
    return Node{{kind, app_id, doc_id, {}}, document, grant->second};
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
        case NodeKind::TempFile:
        case NodeKind::TreeEntry: {
            auto node = document_node(key->kind, key->app_id, key->doc_id);
            if (node) node->key.path = key->path;
            return node;
        }
        case NodeKind::Retired:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<DocumentFilesystem::Node> DocumentFilesystem::child(const Node& parent,
                                                                  const std::string& name) const {
    auto with_path = [](std::optional<Node> node, std::string path) {
        if (node) node->key.path = std::move(path);
        return node;
    };
    switch (parent.key.kind) {
        case NodeKind::Root:
            if (name == "by-app") return Node{{NodeKind::ByApp, {}, {}, {}}, std::nullopt, {}};
            if (!is_valid_document_id(name)) return std::nullopt;
            return document_node(NodeKind::DocDir, {}, name);
        case NodeKind::ByApp:
            if (!is_valid_app_id(name)) return std::nullopt;
            return Node{{NodeKind::AppDir, name, {}, {}}, std::nullopt, {}};
        case NodeKind::AppDir:
            if (!is_valid_document_id(name)) return std::nullopt;
            return document_node(NodeKind::DocDir, parent.key.app_id, name);
        case NodeKind::DocDir:
            if (name == parent.document->name)
                return document_node(NodeKind::DocFile, parent.key.app_id, parent.key.doc_id);
            if (parent.document->directory || !temps_.host_name(temp_owner(parent), name))
                return std::nullopt;
            return with_path(
                document_node(NodeKind::TempFile, parent.key.app_id, parent.key.doc_id), name);
        case NodeKind::DocFile:
        case NodeKind::TreeEntry: {
            auto dir_path = tree_dir_path(parent);
            if (!dir_path || !is_valid_document_name(name)) return std::nullopt;
            return with_path(
                document_node(NodeKind::TreeEntry, parent.key.app_id, parent.key.doc_id),
                join_tree_path(*dir_path, name));
        }
        case NodeKind::TempFile:
        case NodeKind::Retired:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> DocumentFilesystem::tree_dir_path(const Node& node) {
    if (!node.document || !node.document->directory) return std::nullopt;
    if (node.key.kind == NodeKind::DocFile) return std::string();
    if (node.key.kind == NodeKind::TreeEntry) return node.key.path;
    return std::nullopt;
}

bool DocumentFilesystem::is_document_dir(const Node& node) {
    return node.key.kind == NodeKind::DocDir && node.document;
}

TempFileOwner DocumentFilesystem::temp_owner(const Node& node) {
    return {node.key.app_id, node.key.doc_id};
}

int DocumentFilesystem::locate(const Node& node, HostLocation& location) const {
    switch (node.key.kind) {
        case NodeKind::DocFile:
            return locate_document(*node.document, location);
        case NodeKind::TempFile: {
            auto host_name = temps_.host_name(temp_owner(node), node.key.path);
            if (!host_name) return ENOENT;
            return locate_beside_document(*node.document, *host_name, location);
        }
        case NodeKind::TreeEntry:
            return locate_in_tree(*node.document, node.key.path, location);
        default:
            return ENOENT;
    }
}

int DocumentFilesystem::attributes(const Node& node, fuse_ino_t inode, struct stat& st) const {
    st = {};
    st.st_ino = inode;
    st.st_uid = uid_;
    st.st_gid = gid_;
    st.st_nlink = 2;
    st.st_mode = S_IFDIR | kReadOnlyDirMode;
    // Only a single file's directory takes new files (its own, and temporary ones).
    if (node.key.kind == NodeKind::DocDir && node.permissions.write && !node.document->directory)
        st.st_mode = S_IFDIR | kWritableDirMode;
    if (!node.document || node.key.kind == NodeKind::DocDir) return 0;
    HostLocation location;
    struct stat host {};
    if (int error = locate(node, location); error != 0) return error;
    if (int error = stat_location(location, host); error != 0) return error;
    if (!host_type_fits(*node.document, node.key.kind, host.st_mode)) return ENOENT;
    st = host;
    st.st_ino = inode;
    st.st_mode = (host.st_mode & S_IFMT) |
                 (host.st_mode & 07777 & ~06000 & permission_mask(node.permissions));
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

int DocumentFilesystem::list_tree_directory(const Node& node, std::vector<DirEntry>& entries) {
    HostLocation location;
    UniqueFd fd;
    if (int error = locate(node, location); error != 0) return error;
    if (int error = open_directory(location, fd); error != 0) return error;
    std::unique_ptr<DIR, DirCloser> dir(fdopendir(fd.get()));
    if (!dir) return errno;
    fd.release();
    std::string dir_path = *tree_dir_path(node);
    while (const dirent* entry = ::readdir(dir.get())) {
        std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        NodeKey key{NodeKind::TreeEntry, node.key.app_id, node.key.doc_id,
                    join_tree_path(dir_path, name)};
        entries.push_back(
            {name, inodes_.inode_for(key), static_cast<mode_t>(DTTOIF(entry->d_type))});
    }
    return 0;
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
            for (const auto& name : temps_.names(temp_owner(*node))) add_child(name);
            break;
        case NodeKind::DocFile:
        case NodeKind::TreeEntry:
            if (!tree_dir_path(*node)) return (void)fuse_reply_err(req, ENOTDIR);
            if (!node->permissions.read) return (void)fuse_reply_err(req, EACCES);
            if (int error = list_tree_directory(*node, entries); error != 0)
                return (void)fuse_reply_err(req, error);
            break;
        case NodeKind::TempFile:
        case NodeKind::Retired:
            return (void)fuse_reply_err(req, ENOTDIR);
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

// A link's text is shown, for the kernel to resolve in the app's own view; the store itself never
// follows it.
void DocumentFilesystem::readlink(fuse_req_t req, fuse_ino_t inode) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    HostLocation location;
    if (node->key.kind != NodeKind::TreeEntry) return (void)fuse_reply_err(req, EINVAL);
    if (int error = locate(*node, location); error != 0) return (void)fuse_reply_err(req, error);
    std::vector<char> target(PATH_MAX + 1);
    ssize_t length =
        readlinkat(location.dir_fd(), location.leaf.c_str(), target.data(), target.size() - 1);
    if (length < 0) return (void)fuse_reply_err(req, errno);
    target[static_cast<size_t>(length)] = '\0';
    fuse_reply_readlink(req, target.data());
}

void DocumentFilesystem::open(fuse_req_t req, fuse_ino_t inode, fuse_file_info* fi) {
    auto node = resolve(inode);
    if (!node) return (void)fuse_reply_err(req, ENOENT);
    bool file_node = node->key.kind == NodeKind::TempFile ||
                     node->key.kind == NodeKind::TreeEntry ||
                     (node->key.kind == NodeKind::DocFile && !node->document->directory);
    if (!file_node) return (void)fuse_reply_err(req, EISDIR);
    if ((wants_write(fi->flags) && !node->permissions.write) ||
        (wants_read(fi->flags) && !node->permissions.read))
        return (void)fuse_reply_err(req, EACCES);
    HostLocation location;
    if (int error = locate(*node, location); error != 0) return (void)fuse_reply_err(req, error);
    int fd = open_regular_file(location, fi->flags & kPassedOpenFlags, 0);
    if (fd < 0) return (void)fuse_reply_err(req, errno);
    fi->fh = static_cast<uint64_t>(fd);
    if (fuse_reply_open(req, fi) != 0) ::close(fd);  // the opener was interrupted
}

}  // namespace sandbox::portals::documents

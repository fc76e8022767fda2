#pragma once

// The document filesystem's operations (libfuse's low-level API), answered from the store. Host
// files are reached from the document's parent directory fd, never following a link (see
// fuse_host_files.hpp). What each view may do:
//   - a single-file document's directory holds its file and the app's own temporary files (see
//     fuse_temp_files.hpp); with `write` an app saves by writing one and renaming it over NAME;
//   - an exported directory is served whole: everything beneath it, with the app's grant applied
//     to every node. Symlinks in it are shown (readlink) but never followed by the store; apps
//     cannot make symlinks or hard links (EPERM).

#include <fcntl.h>
#include <sys/types.h>

#include <optional>
#include <string>

#include "fuse_host_files.hpp"
#include "fuse_inodes.hpp"
#include "fuse_temp_files.hpp"
#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {

// Open flags the kernel may pass on to the host file; anything else (O_CREAT, O_NOFOLLOW…) is ours.
inline constexpr int kPassedOpenFlags = O_ACCMODE | O_TRUNC | O_APPEND | O_SYNC | O_DSYNC;

class DocumentFilesystem {
  public:
    explicit DocumentFilesystem(DocumentStore& store);

    // The table libfuse calls; each entry finds this object through fuse_req_userdata().
    static const fuse_lowlevel_ops& operations();

    void lookup(fuse_req_t req, fuse_ino_t parent, const char* name);
    void getattr(fuse_req_t req, fuse_ino_t inode);
    void setattr(fuse_req_t req, fuse_ino_t inode, const struct stat& attr, int to_set,
                 fuse_file_info* fi);
    void readdir(fuse_req_t req, fuse_ino_t inode, size_t size, off_t offset);
    void readlink(fuse_req_t req, fuse_ino_t inode);
    void open(fuse_req_t req, fuse_ino_t inode, fuse_file_info* fi);
    void create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
                fuse_file_info* fi);
    void mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode);
    void unlink(fuse_req_t req, fuse_ino_t parent, const char* name);
    void rmdir(fuse_req_t req, fuse_ino_t parent, const char* name);
    void rename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t new_parent,
                const char* new_name, unsigned int flags);

  private:
    struct Node {
        NodeKey key;
        std::optional<DocumentInfo> document;
        DocumentPermissions permissions;  // the viewing app's; everything in the host's view
    };
    struct DirEntry {
        std::string name;
        fuse_ino_t inode;
        mode_t type;
    };

    std::optional<Node> resolve(fuse_ino_t inode) const;
    std::optional<Node> child(const Node& parent, const std::string& name) const;
    std::optional<Node> document_node(NodeKind kind, const std::string& app_id,
                                      const std::string& doc_id) const;
    // Where the node is on the host. 0 or an errno.
    int locate(const Node& node, HostLocation& location) const;
    // 0 or an errno.
    int attributes(const Node& node, fuse_ino_t inode, struct stat& st) const;
    void reply_entry(fuse_req_t req, const Node& node);
    void reply_created(fuse_req_t req, const Node& parent, const std::string& name, int fd,
                       fuse_file_info* fi);
    int list_tree_directory(const Node& node, std::vector<DirEntry>& entries);
    // A single-file document's directory: its file or a temporary file of the app's.
    int open_in_document_dir(const Node& parent, const std::string& name, int flags, mode_t mode);
    int unlink_in_document_dir(const Node& parent, const std::string& name);
    int rename_in_document_dir(const Node& parent, const std::string& name,
                               const std::string& new_name, unsigned int flags);
    int rename_in_tree(const Node& parent, const std::string& name, const Node& new_parent,
                       const std::string& new_name, unsigned int flags);

    // The path beneath the exported directory of a node that is a directory there ("" for the
    // exported directory itself); nothing for every other node.
    static std::optional<std::string> tree_dir_path(const Node& node);
    static bool is_document_dir(const Node& node);
    static TempFileOwner temp_owner(const Node& node);

    DocumentStore& store_;
    mutable InodeTable inodes_;
    TempFiles temps_;
    uid_t uid_;
    gid_t gid_;
};

}  // namespace sandbox::portals::documents

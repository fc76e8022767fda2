#pragma once

// The document filesystem's operations (libfuse's low-level API), answered from the store. Host
// files are opened relative to the document's parent directory fd, never following a link.

#include <sys/types.h>

#include <optional>
#include <string>

#include "fuse_inodes.hpp"
#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {

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
    void open(fuse_req_t req, fuse_ino_t inode, fuse_file_info* fi);
    void create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
                fuse_file_info* fi);
    void unlink(fuse_req_t req, fuse_ino_t parent, const char* name);

  private:
    struct Node {
        NodeKey key;
        std::optional<DocumentInfo> document;
        DocumentPermissions permissions;  // the viewing app's; everything in the host's view
    };

    std::optional<Node> resolve(fuse_ino_t inode) const;
    std::optional<Node> child(const Node& parent, const std::string& name) const;
    std::optional<Node> document_node(NodeKind kind, const std::string& app_id,
                                      const std::string& doc_id) const;
    // 0 or an errno.
    int attributes(const Node& node, fuse_ino_t inode, struct stat& st) const;
    void reply_entry(fuse_req_t req, const Node& node);
    // The document's file, opened relative to its parent dir without following any link.
    static int open_host_file(const DocumentInfo& document, int flags, mode_t mode);

    DocumentStore& store_;
    mutable InodeTable inodes_;
    uid_t uid_;
    gid_t gid_;
};

}  // namespace sandbox::portals::documents

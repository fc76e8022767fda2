#pragma once

// The inode numbers of the document filesystem. Every node is a place in the layout
//   /                          Root
//   /by-app                    ByApp
//   /by-app/APP                AppDir
//   [/by-app/APP]/DOCID        DocDir    (app_id empty: the host's view)
//   [/by-app/APP]/DOCID/NAME   DocFile
//   [/by-app/APP]/DOCID/TEMP   TempFile  (path: the name the app gave it)
//   [/by-app/APP]/DOCID/NAME/PATH  TreeEntry (path: "a/b" beneath an exported directory)
// numbered the first time it is looked up and kept for the life of the mount; a rename moves the
// numbers along with the names, and the number of a node renamed over is retired.

#define FUSE_USE_VERSION 34
#include <fuse_lowlevel.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::portals::documents {

enum class NodeKind { Root, ByApp, AppDir, DocDir, DocFile, TempFile, TreeEntry, Retired };

struct NodeKey {
    NodeKind kind = NodeKind::Root;
    std::string app_id;
    std::string doc_id;
    std::string path;

    auto operator<=>(const NodeKey&) const = default;
};

inline constexpr fuse_ino_t kRootInode = FUSE_ROOT_ID;

class InodeTable {
  public:
    InodeTable();

    fuse_ino_t inode_for(const NodeKey& key);
    [[nodiscard]] std::optional<NodeKey> key_of(fuse_ino_t inode) const;
    // Every node of `kind` of the document (in every view, or only `app_id`'s when it is given)
    // at `from` or beneath it now answers to `to`.
    void rename(NodeKind kind, const std::string& doc_id, const std::optional<std::string>& app_id,
                const std::string& from, const std::string& to);

  private:
    mutable std::mutex mutex_;
    std::map<NodeKey, fuse_ino_t> by_key_;
    std::vector<NodeKey> by_inode_;  // index: inode - kRootInode
};

}  // namespace sandbox::portals::documents

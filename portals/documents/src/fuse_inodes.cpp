#include "fuse_inodes.hpp"

namespace sandbox::portals::documents {

InodeTable::InodeTable() {
    inode_for(NodeKey{NodeKind::Root, {}, {}, {}});
}

fuse_ino_t InodeTable::inode_for(const NodeKey& key) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = by_key_.try_emplace(key, kRootInode + by_inode_.size());
    if (inserted) by_inode_.push_back(key);
    return it->second;
}

std::optional<NodeKey> InodeTable::key_of(fuse_ino_t inode) const {
    std::lock_guard lock(mutex_);
    if (inode < kRootInode || inode - kRootInode >= by_inode_.size()) return std::nullopt;
    return by_inode_[inode - kRootInode];
}

namespace {

// `path` with `from` (itself or a directory above it) replaced by `to`; nothing if outside.
std::optional<std::string> moved_path(const std::string& path, const std::string& from,
                                      const std::string& to) {
    if (path == from) return to;
    if (path.size() > from.size() && path.compare(0, from.size(), from) == 0 &&
        path[from.size()] == '/')
        return to + path.substr(from.size());
    return std::nullopt;
}

}  // namespace

void InodeTable::rename(NodeKind kind, const std::string& doc_id,
                        const std::optional<std::string>& app_id, const std::string& from,
                        const std::string& to) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<NodeKey, fuse_ino_t>> moved;
    for (auto it = by_key_.begin(); it != by_key_.end();) {
        const NodeKey& key = it->first;
        auto path = key.kind == kind && key.doc_id == doc_id && (!app_id || key.app_id == *app_id)
                        ? moved_path(key.path, from, to)
                        : std::nullopt;
        if (!path) {
            ++it;
            continue;
        }
        NodeKey renamed = key;
        renamed.path = *path;
        moved.emplace_back(std::move(renamed), it->second);
        it = by_key_.erase(it);
    }
    // What was at the new names is gone: its numbers must not find the moved nodes.
    for (const auto& [key, inode] : moved) {
        auto replaced = by_key_.find(key);
        if (replaced != by_key_.end()) {
            by_inode_[replaced->second - kRootInode] = NodeKey{NodeKind::Retired, {}, {}, {}};
            by_key_.erase(replaced);
        }
    }
    for (auto& [key, inode] : moved) {
        by_inode_[inode - kRootInode] = key;
        by_key_.emplace(std::move(key), inode);
    }
}

}  // namespace sandbox::portals::documents

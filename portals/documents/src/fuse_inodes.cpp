#include "fuse_inodes.hpp"

namespace sandbox::portals::documents {

InodeTable::InodeTable() {
    inode_for(NodeKey{NodeKind::Root, {}, {}});
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

}  // namespace sandbox::portals::documents

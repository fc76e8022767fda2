#pragma once

#include <string>

#include "root.hpp"
#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/launcher/mount_steps.hpp"

namespace sandbox::launcher {

// Carries out mount steps inside a new root, before pivot_root. Every destination is resolved
// beneath root_fd with RESOLVE_IN_ROOT, so no symlink (planted by the app in an earlier run, or
// made by a previous step) leads out of the new root. Sources are fds opened before clone.
class MountExecutor {
  public:
    // root.root is replaced when a step mounts on / itself (bwrap's --ro-bind / /), so that later
    // steps and pivot_root see the new top of the root.
    explicit MountExecutor(NewRoot& root) : root_(root) {}

    Status run(const MountStep& step);

    Status operator()(const BindStep& step);
    Status operator()(const FilesystemStep& step);
    Status operator()(const OverlayStep& step);
    Status operator()(const CoverStep& step);
    Status operator()(const SetAttributesStep& step);
    Status operator()(const DirectoryStep& step);
    Status operator()(const SymlinkStep& step);
    Status operator()(const FileStep& step);
    Status operator()(const DataBindStep& step);
    Status operator()(const ChmodStep& step);

    // Opens dest (following links inside the root only). Used by the lock files too.
    Result<UniqueFd> open_inside(const std::string& dest, int flags) const;

  private:
    struct Parent {
        UniqueFd fd;
        std::string name;
    };
    enum class MountPointKind { Directory, File };

    Result<Parent> make_parents(const std::string& dest, mode_t mode) const;
    Result<UniqueFd> make_mount_point(const std::string& dest, MountPointKind kind,
                                      mode_t parent_mode) const;
    Status attach_tree(int source_fd, const std::string& dest, std::uint64_t attributes,
                       MountPointKind kind, mode_t parent_mode);
    Status refresh_root_if_covered(const std::string& dest);
    Result<UniqueFd> fill_staging_file(int data_fd, mode_t mode);
    Result<std::string> overlay_layer(const MountSource& source, const std::string& dest) const;

    int root_fd() const { return root_.root.get(); }
    int staging_fd() const { return root_.staging.get(); }

    NewRoot& root_;
    unsigned staging_counter_ = 0;
};

}  // namespace sandbox::launcher

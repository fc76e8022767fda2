#pragma once

// The plan's mount operations expanded into the elementary steps the executor performs, in order.
// Pure data: /dev and /proc become their node binds, links and covers here, and every mount gets
// its attributes (read-only, nosuid, nodev, noexec) decided here, so tests check them without a
// kernel.

#include <linux/mount.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/launcher/plan.hpp"

namespace sandbox::launcher {

// Directories created above a destination: 0755, less group or other access where the thing made
// there denies it; bubblewrap's rule, under which an op without --perms (a bind, a link, /proc)
// counts as denying both, so its parents are 0700.
constexpr mode_t parent_mode_for(mode_t mode) {
    mode_t parent = 0755;
    if ((mode & 0070) == 0) parent &= ~mode_t{0050};
    if ((mode & 0007) == 0) parent &= ~mode_t{0005};
    return parent;
}
inline constexpr mode_t kPrivateParents = parent_mode_for(0);

// A copy of a source tree (with its submounts) attached at dest with attributes set on all of it.
struct BindStep {
    MountSource source;
    std::string dest;
    std::uint64_t attributes = 0;  // MOUNT_ATTR_*
    bool optional = false;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const BindStep&) const = default;
};
// A new filesystem instance (tmpfs, proc, devpts, mqueue, overlay) at dest.
struct FilesystemStep {
    std::string type;
    std::string dest;
    std::uint64_t attributes = 0;
    std::string options;  // the mount's data string
    mode_t parent_mode = kPrivateParents;
    bool operator==(const FilesystemStep&) const = default;
};
struct OverlayStep {
    std::vector<MountSource> lower;  // top layer first, as overlayfs wants them
    std::optional<MountSource> upper;
    std::optional<MountSource> work;
    bool temporary_upper = false;  // upper and work on a private tmpfs
    std::string dest;
    std::uint64_t attributes = 0;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const OverlayStep&) const = default;
};
// dest bound onto itself with attributes: covers such as /proc/sys made read-only.
struct CoverStep {
    std::string dest;
    std::uint64_t attributes = 0;
    bool operator==(const CoverStep&) const = default;
};
// New attributes on the mount already at dest (not its submounts, as bubblewrap's --remount-ro).
struct SetAttributesStep {
    std::string dest;
    std::uint64_t attributes = 0;
    bool operator==(const SetAttributesStep&) const = default;
};
struct DirectoryStep {
    std::string dest;
    mode_t mode = 0755;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const DirectoryStep&) const = default;
};
struct SymlinkStep {
    std::string target;
    std::string dest;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const SymlinkStep&) const = default;
};
struct FileStep {
    int fd = -1;
    std::string dest;
    mode_t mode = 0666;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const FileStep&) const = default;
};
struct DataBindStep {
    int fd = -1;
    std::string dest;
    mode_t mode = 0600;
    std::uint64_t attributes = 0;
    mode_t parent_mode = kPrivateParents;
    bool operator==(const DataBindStep&) const = default;
};
struct ChmodStep {
    std::string dest;
    mode_t mode = 0;
    bool operator==(const ChmodStep&) const = default;
};

using MountStep = std::variant<BindStep, FilesystemStep, OverlayStep, CoverStep, SetAttributesStep,
                               DirectoryStep, SymlinkStep, FileStep, DataBindStep, ChmodStep>;

inline constexpr std::uint64_t kNoSetuidNoDev = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

// Device nodes a --dev /dev gets, bound from the host's /dev.
inline constexpr const char* kDevNodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
// Parts of /proc that stay read-only even in a fresh proc mount.
inline constexpr const char* kProcCovers[] = {"sys", "sysrq-trigger", "irq", "bus"};

// Destinations are normalised to absolute paths without "." or empty components; ".." is kept
// (resolution inside the new root clamps it there).
std::string normalize_dest(const std::string& dest);

// host_tty: the terminal the launcher's stdout is, if any; a /dev made here then has it bound at
// /dev/console, as bubblewrap does (the app already holds that terminal as its stdout).
std::vector<MountStep> plan_mount_steps(const std::vector<MountOp>& ops,
                                        const std::optional<std::string>& host_tty = std::nullopt);

}  // namespace sandbox::launcher

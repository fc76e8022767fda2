#include "mount_executor.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string_view>

#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

constexpr unsigned long long kInRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;

// A path naming the file an fd holds; mount(2) and overlayfs take paths, not fds.
std::string fd_path(int fd) {
    return std::string(kHostProc) + "/self/fd/" + std::to_string(fd);
}

unsigned long legacy_mount_flags(std::uint64_t attributes) {
    unsigned long flags = 0;
    if (attributes & MOUNT_ATTR_RDONLY) flags |= MS_RDONLY;
    if (attributes & MOUNT_ATTR_NOSUID) flags |= MS_NOSUID;
    if (attributes & MOUNT_ATTR_NODEV) flags |= MS_NODEV;
    if (attributes & MOUNT_ATTR_NOEXEC) flags |= MS_NOEXEC;
    return flags;
}

Status set_attributes(int fd, std::uint64_t attributes, const std::string& dest,
                      bool recursive = true) {
    mount_attr attr{};
    attr.attr_set = attributes;
    const unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    if (::mount_setattr(fd, "", flags, &attr, sizeof attr) != 0)
        return system_error("Can't set mount attributes on " + dest);
    return ok_status();
}

Status copy_fd_to_fd(int from, int to, const std::string& dest) {
    auto data = read_all(from);
    if (!data) return system_error("Can't read the data for " + dest, data.error().code);
    if (auto written = write_all(to, *data); !written)
        return system_error("Can't write " + dest, written.error().code);
    return ok_status();
}

std::string last_component(const std::string& path) {
    return path.substr(path.find_last_of('/') + 1);
}

// Paths in overlayfs options are separated by ':' and ','; our layer paths (fd_path) contain
// neither.
std::string join_layers(const std::vector<std::string>& layers) {
    std::string joined;
    for (const std::string& layer : layers) joined += (joined.empty() ? "" : ":") + layer;
    return joined;
}

}  // namespace

Status MountExecutor::run(const MountStep& step) {
    return std::visit(*this, step);
}

Result<UniqueFd> MountExecutor::open_inside(const std::string& dest, int flags) const {
    auto fd = open_path(root_fd(), dest, flags, kInRoot);
    if (!fd) return system_error("Can't open " + dest, fd.error().code);
    return fd;
}

// Every directory above dest, created (0755) where missing; each is looked up from the root with
// RESOLVE_IN_ROOT, so the walk never leaves the new root.
Result<MountExecutor::Parent> MountExecutor::make_parents(const std::string& dest,
                                                          mode_t mode) const {
    if (dest == "/") return usage_error("Can't create / itself");
    UniqueFd current(::fcntl(root_fd(), F_DUPFD_CLOEXEC, 3));
    std::size_t position = 1;
    for (;;) {
        std::size_t slash = dest.find('/', position);
        if (slash == std::string::npos) break;
        const std::string prefix = dest.substr(0, slash);
        const std::string name = dest.substr(position, slash - position);
        if (::mkdirat(current.get(), name.c_str(), mode) != 0 && errno != EEXIST)
            return system_error("Can't mkdir " + prefix);
        auto next = open_path(root_fd(), prefix, O_PATH | O_DIRECTORY, kInRoot);
        if (!next) return system_error("Can't mkdir parents for " + dest, next.error().code);
        current = std::move(*next);
        position = slash + 1;
    }
    return Parent{std::move(current), dest.substr(position)};
}

Result<UniqueFd> MountExecutor::make_mount_point(const std::string& dest, MountPointKind kind,
                                                 mode_t parent_mode) const {
    if (dest == "/") return open_inside("/", O_PATH);
    auto parent = make_parents(dest, parent_mode);
    if (!parent) return parent.take_error();
    const char* name = parent->name.c_str();
    if (kind == MountPointKind::Directory) {
        if (::mkdirat(parent->fd.get(), name, 0755) != 0 && errno != EEXIST)
            return system_error("Can't mkdir " + dest);
    } else {
        int fd = ::openat(parent->fd.get(), name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
        if (fd >= 0)
            ::close(fd);
        else if (errno != EEXIST)
            return system_error("Can't create file at " + dest);
    }
    return open_inside(dest, O_PATH);
}

// The mount-by-fd idiom: the source tree is cloned from the fd opened before clone(), so nothing
// can swap it for another path in between, and it is attached to the mount point's fd.
Status MountExecutor::refresh_root_if_covered(const std::string& dest) {
    return dest == "/" ? reopen_root(root_) : ok_status();
}

Status MountExecutor::attach_tree(int source_fd, const std::string& dest, std::uint64_t attributes,
                                  MountPointKind kind, mode_t parent_mode) {
    UniqueFd tree(::open_tree(source_fd, "",
                              OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE));
    if (!tree) return system_error("Can't bind mount on " + dest);
    SANDBOX_TRY(set_attributes(tree.get(), attributes, dest));
    auto target = make_mount_point(dest, kind, parent_mode);
    if (!target) return target.take_error();
    if (::move_mount(tree.get(), "", target->get(), "",
                     MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
        return system_error("Can't bind mount on " + dest);
    return refresh_root_if_covered(dest);
}

Status MountExecutor::operator()(const BindStep& step) {
    const int source_fd = std::get<InheritedFd>(step.source).fd;
    struct stat st {};
    if (::fstat(source_fd, &st) != 0) return system_error("Can't stat the source of " + step.dest);
    const auto kind = S_ISDIR(st.st_mode) ? MountPointKind::Directory : MountPointKind::File;
    return attach_tree(source_fd, step.dest, step.attributes, kind, step.parent_mode);
}

Status MountExecutor::operator()(const FilesystemStep& step) {
    auto target = make_mount_point(step.dest, MountPointKind::Directory, step.parent_mode);
    if (!target) return target.take_error();
    if (::mount(step.type.c_str(), fd_path(target->get()).c_str(), step.type.c_str(),
                legacy_mount_flags(step.attributes),
                step.options.empty() ? nullptr : step.options.c_str()) != 0)
        return system_error("Can't mount " + step.type + " on " + step.dest);
    return refresh_root_if_covered(step.dest);
}

Result<std::string> MountExecutor::overlay_layer(const MountSource& source,
                                                 const std::string& dest) const {
    const auto* inherited = std::get_if<InheritedFd>(&source);
    if (inherited == nullptr) return usage_error("Unprepared overlay source for " + dest);
    return fd_path(inherited->fd);
}

Status MountExecutor::operator()(const OverlayStep& step) {
    std::vector<std::string> lower;
    for (const MountSource& source : step.lower) {
        auto layer = overlay_layer(source, step.dest);
        if (!layer) return layer.take_error();
        lower.push_back(*layer);
    }
    std::string options;
    UniqueFd upper_fd, work_fd;  // keep the temporary layers' fds open until mounted
    if (step.temporary_upper) {
        const std::string base = "overlay-" + std::to_string(staging_counter_++);
        for (const char* part : {"", "/upper", "/work"})
            if (::mkdirat(staging_fd(), (base + part).c_str(), 0755) != 0)
                return system_error("Can't make the temporary overlay for " + step.dest);
        auto upper = open_path(staging_fd(), base + "/upper", O_PATH | O_DIRECTORY);
        auto work = open_path(staging_fd(), base + "/work", O_PATH | O_DIRECTORY);
        if (!upper || !work) return system_error("Can't open the temporary overlay dirs");
        upper_fd = std::move(*upper);
        work_fd = std::move(*work);
        options =
            "upperdir=" + fd_path(upper_fd.get()) + ",workdir=" + fd_path(work_fd.get()) + ",";
    } else if (step.upper && step.work) {
        auto upper = overlay_layer(*step.upper, step.dest);
        auto work = overlay_layer(*step.work, step.dest);
        if (!upper) return upper.take_error();
        if (!work) return work.take_error();
        options = "upperdir=" + *upper + ",workdir=" + *work + ",";
    }
    options += "lowerdir=" + join_layers(lower) + ",userxattr";
    auto target = make_mount_point(step.dest, MountPointKind::Directory, step.parent_mode);
    if (!target) return target.take_error();
    if (::mount("overlay", fd_path(target->get()).c_str(), "overlay",
                legacy_mount_flags(step.attributes), options.c_str()) != 0)
        return system_error("Can't make overlay mount on " + step.dest);
    return refresh_root_if_covered(step.dest);
}

// A cover only matters where the app could otherwise write; like bubblewrap, parts the kernel
// already refuses to us (EACCES/EROFS) or that do not exist are left as they are.
Status MountExecutor::operator()(const CoverStep& step) {
    auto target = open_inside(step.dest, O_PATH);
    if (!target) {
        if (target.error().code == ENOENT) return ok_status();
        return target.take_error();
    }
    if (::faccessat(AT_FDCWD, fd_path(target->get()).c_str(), W_OK, 0) != 0) {
        if (errno == EACCES || errno == EROFS || errno == EPERM) return ok_status();
        return system_error("Can't check access to " + step.dest);
    }
    struct stat st {};
    if (::fstat(target->get(), &st) != 0) return system_error("Can't stat " + step.dest);
    const auto kind = S_ISDIR(st.st_mode) ? MountPointKind::Directory : MountPointKind::File;
    return attach_tree(target->get(), step.dest, step.attributes, kind, kPrivateParents);
}

Status MountExecutor::operator()(const SetAttributesStep& step) {
    auto target = open_inside(step.dest, O_PATH);
    if (!target) return target.take_error();
    return set_attributes(target->get(), step.attributes, step.dest, false);
}

Status MountExecutor::operator()(const DirectoryStep& step) {
    if (step.dest == "/") return ok_status();
    auto parent = make_parents(step.dest, step.parent_mode);
    if (!parent) return parent.take_error();
    if (::mkdirat(parent->fd.get(), parent->name.c_str(), step.mode) == 0) return ok_status();
    if (errno != EEXIST) return system_error("Can't mkdir " + step.dest);
    auto existing = open_inside(step.dest, O_PATH | O_DIRECTORY);
    if (!existing) return system_error("Can't mkdir " + step.dest, existing.error().code);
    return ok_status();
}

Status MountExecutor::operator()(const SymlinkStep& step) {
    auto parent = make_parents(step.dest, step.parent_mode);
    if (!parent) return parent.take_error();
    if (::symlinkat(step.target.c_str(), parent->fd.get(), parent->name.c_str()) == 0)
        return ok_status();
    if (errno != EEXIST) return system_error("Can't make symlink at " + step.dest);
    char existing[4096];
    ssize_t length =
        ::readlinkat(parent->fd.get(), parent->name.c_str(), existing, sizeof existing - 1);
    if (length < 0)
        return usage_error("Can't make symlink at " + step.dest +
                           ": destination exists and is not a symlink");
    if (std::string_view(existing, static_cast<std::size_t>(length)) != step.target)
        return usage_error("Can't make symlink at " + step.dest + ": existing destination is " +
                           std::string(existing, static_cast<std::size_t>(length)));
    return ok_status();
}

Status MountExecutor::operator()(const FileStep& step) {
    auto parent = make_parents(step.dest, step.parent_mode);
    if (!parent) return parent.take_error();
    UniqueFd file(::openat(parent->fd.get(), parent->name.c_str(),
                           O_CREAT | O_TRUNC | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, step.mode));
    if (!file) return system_error("Can't create file at " + step.dest);
    return copy_fd_to_fd(step.fd, file.get(), step.dest);
}

Result<UniqueFd> MountExecutor::fill_staging_file(int data_fd, mode_t mode) {
    const std::string name = "data-" + std::to_string(staging_counter_++);
    UniqueFd file(
        ::openat(staging_fd(), name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, mode));
    if (!file) return system_error("Can't create a data file");
    SANDBOX_TRY(copy_fd_to_fd(data_fd, file.get(), name));
    if (::fchmod(file.get(), mode) != 0) return system_error("Can't chmod a data file");
    return file;
}

Status MountExecutor::operator()(const DataBindStep& step) {
    auto file = fill_staging_file(step.fd, step.mode);
    if (!file) return system_error("Can't create the data for " + step.dest, file.error().code);
    return attach_tree(file->get(), step.dest, step.attributes, MountPointKind::File,
                       step.parent_mode);
}

Status MountExecutor::operator()(const ChmodStep& step) {
    auto target = open_inside(step.dest, O_PATH);
    if (!target) return target.take_error();
    if (::chmod(fd_path(target->get()).c_str(), step.mode) != 0)
        return system_error("Can't chmod " + last_component(step.dest) + " at " + step.dest);
    return ok_status();
}

}  // namespace sandbox::launcher

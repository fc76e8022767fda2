#include "sandbox/portals/documents/fd_validation.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "sandbox/common/fd.hpp"

namespace sandbox::portals::documents {
namespace {

Error invalid_fd() {
    return Error{kInvalidFdMessage, 0};
}

bool same_inode(const struct stat& a, const struct stat& b) {
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

std::optional<std::filesystem::path> kernel_path(const std::string& proc_path) {
    std::string buffer(PATH_MAX + 1, '\0');
    ssize_t length = readlink(proc_path.c_str(), buffer.data(), buffer.size());
    if (length <= 0 || static_cast<std::size_t>(length) >= buffer.size()) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(length));
    if (buffer.front() != '/') return std::nullopt;  // pipe:[…], socket:[…], anon_inode:…
    return std::filesystem::path(buffer);
}

// What the caller may do with the file through this fd; nothing when the fd's mode is refused.
std::optional<bool> writable_through(int flags, const std::string& proc_path, const struct stat& st,
                                     const Caller& caller) {
    if ((flags & O_PATH) != 0) {
        if ((flags & O_NOFOLLOW) != 0) return std::nullopt;
        int wanted = R_OK | (S_ISDIR(st.st_mode) ? X_OK : 0);
        // Through /proc the check sees the sandbox's own mount flags (a read-only bind).
        if (access(proc_path.c_str(), wanted) != 0) return std::nullopt;
        return caller.is_host() || access(proc_path.c_str(), W_OK) == 0;
    }
    int mode = flags & O_ACCMODE;
    if (mode != O_RDONLY && mode != O_RDWR) return std::nullopt;
    return caller.is_host() || mode == O_RDWR;
}

// The host path still names the fd's inode, also without following a link at its end.
bool names_inode(const std::filesystem::path& host_path, const struct stat& fd_stat) {
    struct stat st {};
    if (stat(host_path.c_str(), &st) != 0 || !same_inode(st, fd_stat)) return false;
    std::string name = host_path.filename().string();
    if (name.empty() || name == "." || name == "..") return false;
    UniqueFd parent(open(host_path.parent_path().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!parent) return false;
    if (fstatat(parent.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
    return same_inode(st, fd_stat);
}

}  // namespace

Result<CallerFile> validate_caller_fd(int fd, const Caller& caller) {
    return validate_caller_fd(fd, caller, default_path_remap());
}

Result<CallerFile> validate_caller_fd(int fd, const Caller& caller, const PathRemap& remap) {
    if (fd < 0) return invalid_fd();
    int flags = fcntl(fd, F_GETFL);
    struct stat st {};
    if (flags < 0 || fstat(fd, &st) != 0) return invalid_fd();
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return invalid_fd();
    if (st.st_nlink == 0) return invalid_fd();  // deleted
    std::string proc_path = "/proc/self/fd/" + std::to_string(fd);
    auto seen_path = kernel_path(proc_path);
    if (!seen_path) return invalid_fd();
    auto writable = writable_through(flags, proc_path, st, caller);
    if (!writable) return invalid_fd();
    auto host_path = host_path_for(*seen_path, caller, remap);
    if (!host_path || !names_inode(*host_path, st)) return invalid_fd();
    return CallerFile{*host_path, *writable, S_ISDIR(st.st_mode)};
}

}  // namespace sandbox::portals::documents

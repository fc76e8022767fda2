#include "fuse_host_files.hpp"

#include <fcntl.h>
#include <linux/openat2.h>

#include <cerrno>

#include "sandbox/common/files.hpp"

namespace sandbox::portals::documents {
namespace {

constexpr unsigned long long kStayBeneath =
    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;

int open_beneath(int dir_fd, const std::string& path, int flags, mode_t mode, UniqueFd& fd) {
    int opened;
    do {
        opened =
            openat2_raw(dir_fd, path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW, mode, kStayBeneath);
    } while (opened < 0 && (errno == EINTR || errno == EAGAIN));
    if (opened < 0) return errno;
    fd.reset(opened);
    return 0;
}

bool has_parent_dir(const DocumentInfo& document) {
    return document.parent_dir && document.parent_dir->valid();
}

}  // namespace

int locate_document(const DocumentInfo& document, HostLocation& location) {
    return locate_beside_document(document, document.name, location);
}

int locate_beside_document(const DocumentInfo& document, const std::string& leaf,
                           HostLocation& location) {
    if (!has_parent_dir(document)) return ENOENT;
    location = {document.parent_dir, leaf};
    return 0;
}

int locate_in_tree(const DocumentInfo& document, const std::string& path, HostLocation& location) {
    if (!has_parent_dir(document) || !document.directory || path.empty()) return ENOENT;
    UniqueFd exported;
    if (int error = open_beneath(document.parent_dir->get(), document.name, O_PATH | O_DIRECTORY, 0,
                                 exported);
        error != 0)
        return error;
    auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        location = {std::make_shared<const UniqueFd>(std::move(exported)), path};
        return 0;
    }
    UniqueFd containing;
    if (int error = open_beneath(exported.get(), path.substr(0, slash), O_PATH | O_DIRECTORY, 0,
                                 containing);
        error != 0)
        return error;
    location = {std::make_shared<const UniqueFd>(std::move(containing)), path.substr(slash + 1)};
    return 0;
}

int stat_location(const HostLocation& location, struct stat& st) {
    if (fstatat(location.dir_fd(), location.leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno;
    return 0;
}

int open_regular_file(const HostLocation& location, int flags, mode_t mode) {
    UniqueFd fd;
    if (int error = open_beneath(location.dir_fd(), location.leaf, flags | O_NONBLOCK, mode, fd);
        error != 0) {
        errno = error;
        return -1;
    }
    struct stat st {};
    if (fstat(fd.get(), &st) != 0) return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : EACCES;
        return -1;
    }
    int status = fcntl(fd.get(), F_GETFL);
    if ((flags & O_NONBLOCK) == 0 &&
        (status < 0 || fcntl(fd.get(), F_SETFL, status & ~O_NONBLOCK) != 0))
        return -1;
    return fd.release();
}

int open_directory(const HostLocation& location, UniqueFd& fd) {
    return open_beneath(location.dir_fd(), location.leaf, O_RDONLY | O_DIRECTORY, 0, fd);
}

std::string join_tree_path(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : dir + "/" + name;
}

}  // namespace sandbox::portals::documents

#include "sandbox/run/deployment.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::run {
namespace {

constexpr unsigned long long kNoLinks = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
constexpr off_t kMaxMetadataSize = 1 << 20;

Result<std::string> active_commit(int ref_dir, const store::Ref& ref) {
    char target[256];
    const ssize_t length = ::readlinkat(ref_dir, "active", target, sizeof target);
    if (length < 0) return system_error("Can't read the active deployment of " + ref.str());
    const std::string commit(target, static_cast<std::size_t>(length));
    if (static_cast<std::size_t>(length) == sizeof target || commit.empty() ||
        commit.find('/') != std::string::npos || commit == "." || commit == ".." ||
        !permissions::is_safe_text(commit))
        return usage_error("The active deployment of " + ref.str() + " (" +
                           permissions::printable(commit) + ") is not a directory next to it");
    return commit;
}

Result<std::string> read_metadata(int dir, const store::Ref& ref) {
    auto fd = open_path(dir, "metadata", O_RDONLY | O_NOCTTY, kNoLinks);
    if (!fd) return system_error("Can't open the metadata of " + ref.str(), fd.error().code);
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxMetadataSize)
        return usage_error("The metadata of " + ref.str() + " is not a regular file of sane size");
    auto text = read_all(fd->get());
    if (!text) return system_error("Can't read the metadata of " + ref.str(), text.error().code);
    return text;
}

}  // namespace

std::string fd_path(int fd) {
    char path[4096];
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    const ssize_t length = ::readlink(link.c_str(), path, sizeof path - 1);
    return length < 0 ? std::string() : std::string(path, static_cast<std::size_t>(length));
}

Result<std::optional<OpenedDeployment>> open_deployment(
    const store::InstallationLocation& installation, const store::Ref& ref) {
    const std::string ref_dir_path = store::ref_dir(installation, ref).string();
    auto ref_dir = open_path(AT_FDCWD, ref_dir_path, O_PATH | O_DIRECTORY);
    if (!ref_dir) {
        if (ref_dir.error().code == ENOENT) return std::optional<OpenedDeployment>();
        return ref_dir.take_error();
    }
    if (::faccessat(ref_dir->get(), "active", F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return std::optional<OpenedDeployment>();
    auto commit = active_commit(ref_dir->get(), ref);
    if (!commit) return commit.take_error();
    auto dir = open_path(ref_dir->get(), *commit, O_PATH | O_DIRECTORY, kNoLinks);
    if (!dir) return system_error("Can't open the deployment of " + ref.str(), dir.error().code);
    auto files = open_path(dir->get(), "files", O_PATH | O_DIRECTORY, kNoLinks);
    if (!files) return system_error("Can't open the files of " + ref.str(), files.error().code);
    auto metadata = read_metadata(dir->get(), ref);
    if (!metadata) return metadata.take_error();
    OpenedDeployment deployment{installation,
                                ref,
                                *commit,
                                fd_path(files->get()),
                                std::move(*dir),
                                std::move(*files),
                                std::move(*metadata)};
    return std::optional<OpenedDeployment>(std::move(deployment));
}

}  // namespace sandbox::run

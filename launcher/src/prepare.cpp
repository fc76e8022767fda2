#include "prepare.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {}  // namespace

bool names_a_path(int fd) {
    char first = 0;
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    return ::readlink(link.c_str(), &first, 1) == 1 && first == '/';
}

namespace {

class SourceOpener {
  public:
    explicit SourceOpener(std::vector<UniqueFd>& opened) : opened_(opened) {}

    // Replaces a HostPath with the fd of what it names now; false (no error) when an optional
    // source is missing.
    Result<bool> open(MountSource& source, bool optional) {
        if (auto* inherited = std::get_if<InheritedFd>(&source)) {
            if (::fcntl(inherited->fd, F_GETFD) < 0)
                return system_error("Can't use fd " + std::to_string(inherited->fd) +
                                    " as a mount source");
            return true;
        }
        const std::string& path = std::get<HostPath>(source).path;
        auto fd = open_path(AT_FDCWD, path, O_PATH);
        if (!fd) {
            if (optional && fd.error().code == ENOENT) return false;
            return system_error("Can't find source path " + path, fd.error().code);
        }
        // Namespace files and the like have no path to find again in the child; they are opened
        // there by name, so that /proc/self names the sandbox, as with bubblewrap.
        if (!names_a_path(fd->get())) return true;
        source = InheritedFd{fd->get()};
        opened_.push_back(std::move(*fd));
        return true;
    }

  private:
    std::vector<UniqueFd>& opened_;
};

}  // namespace

Result<PreparedMounts> prepare_mounts(std::vector<MountStep> steps) {
    PreparedMounts prepared;
    SourceOpener opener(prepared.opened);
    for (MountStep& step : steps) {
        if (auto* bind = std::get_if<BindStep>(&step)) {
            auto found = opener.open(bind->source, bind->optional);
            if (!found) return found.take_error();
            if (!*found) continue;
        } else if (auto* overlay = std::get_if<OverlayStep>(&step)) {
            for (MountSource& layer : overlay->lower) {
                auto found = opener.open(layer, false);
                if (!found) return found.take_error();
            }
            for (auto* layer : {&overlay->upper, &overlay->work}) {
                if (!layer->has_value()) continue;
                auto found = opener.open(**layer, false);
                if (!found) return found.take_error();
            }
        }
        prepared.steps.push_back(std::move(step));
    }
    return prepared;
}

}  // namespace sandbox::launcher

namespace sandbox::launcher {
namespace {

Result<UniqueFd> reopen_here(int fd) {
    const std::string link = "/proc/self/fd/" + std::to_string(fd);
    char path[4096];
    ssize_t length = ::readlink(link.c_str(), path, sizeof path - 1);
    // Not a file of the filesystem tree (a namespace file): the kernel binds those from any mount
    // namespace, so the fd itself is mounted. One readlink tells both that and the path (each is a
    // /proc lookup, and a launch has dozens of sources).
    if (length <= 0 || path[0] != '/') return UniqueFd(::fcntl(fd, F_DUPFD_CLOEXEC, 3));
    path[length] = '\0';
    auto here = open_path(AT_FDCWD, path, O_PATH, RESOLVE_NO_SYMLINKS);
    if (!here)
        return system_error(std::string("Can't find source path ") + path, here.error().code);
    struct stat original {
    }, found{};
    if (::fstat(fd, &original) != 0 || ::fstat(here->get(), &found) != 0)
        return system_error(std::string("Can't stat ") + path);
    if (original.st_dev != found.st_dev || original.st_ino != found.st_ino)
        return usage_error(std::string("Race condition binding ") + path);
    return here;
}

Result<UniqueFd> open_here(const MountSource& source) {
    if (const auto* host = std::get_if<HostPath>(&source)) {
        auto fd = open_path(AT_FDCWD, host->path, O_PATH);
        if (!fd) return system_error("Can't find source path " + host->path, fd.error().code);
        return fd;
    }
    return reopen_here(std::get<InheritedFd>(source).fd);
}

Status reopen_source(MountSource& source, std::vector<UniqueFd>& opened) {
    auto here = open_here(source);
    if (!here) return here.take_error();
    source = InheritedFd{here->get()};
    opened.push_back(std::move(*here));
    return ok_status();
}

}  // namespace

Status reopen_sources_here(std::vector<MountStep>& steps, std::vector<UniqueFd>& opened) {
    for (MountStep& step : steps) {
        if (auto* bind = std::get_if<BindStep>(&step)) {
            SANDBOX_TRY(reopen_source(bind->source, opened));
        } else if (auto* overlay = std::get_if<OverlayStep>(&step)) {
            for (MountSource& layer : overlay->lower) SANDBOX_TRY(reopen_source(layer, opened));
            if (overlay->upper) SANDBOX_TRY(reopen_source(*overlay->upper, opened));
            if (overlay->work) SANDBOX_TRY(reopen_source(*overlay->work, opened));
        }
    }
    return ok_status();
}

}  // namespace sandbox::launcher

#include "prepare.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
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
    if (length < 0) return system_error("Can't resolve fd " + std::to_string(fd));
    path[length] = '\0';
    if (path[0] != '/')
        return usage_error("Can't bind fd " + std::to_string(fd) + ": " + path +
                           " is not a file or directory");
    auto here = open_path(AT_FDCWD, path, O_PATH, RESOLVE_NO_SYMLINKS);
    if (!here) return system_error(std::string("Can't find source path ") + path, here.error().code);
    struct stat original {}, found {};
    if (::fstat(fd, &original) != 0 || ::fstat(here->get(), &found) != 0)
        return system_error(std::string("Can't stat ") + path);
    if (original.st_dev != found.st_dev || original.st_ino != found.st_ino)
        return usage_error(std::string("Race condition binding ") + path);
    return here;
}

Status reopen_source(MountSource& source, std::vector<UniqueFd>& opened) {
    auto& inherited = std::get<InheritedFd>(source);
    auto here = reopen_here(inherited.fd);
    if (!here) return here.take_error();
    inherited.fd = here->get();
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

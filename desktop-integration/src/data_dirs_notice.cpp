#include "sandbox/exports/data_dirs_notice.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>

namespace sandbox::exports {

namespace fs = std::filesystem;

namespace {

fs::path normalized(const fs::path& path) {
    fs::path normal = path.lexically_normal();
    return normal.has_filename() ? normal : normal.parent_path();
}

}  // namespace

bool is_on_data_dirs(std::string_view data_dirs, const fs::path& directory) {
    if (data_dirs.empty()) data_dirs = "/usr/local/share:/usr/share";
    const fs::path wanted = normalized(directory);
    while (true) {
        const std::size_t colon = data_dirs.find(':');
        const std::string_view entry = data_dirs.substr(0, colon);
        if (!entry.empty() && normalized(entry) == wanted) return true;
        if (colon == std::string_view::npos) return false;
        data_dirs.remove_prefix(colon + 1);
    }
}

fs::path notice_marker() {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    fs::path base = state != nullptr && state[0] == '/'
                        ? fs::path(state)
                        : fs::path(home != nullptr ? home : "/") / ".local" / "state";
    return base / "sandbox" / "exports-notice";
}

std::optional<std::string> data_dirs_notice_once(const fs::path& exports_share) {
    const char* data_dirs = std::getenv("XDG_DATA_DIRS");
    if (is_on_data_dirs(data_dirs != nullptr ? data_dirs : "", exports_share)) return std::nullopt;
    const fs::path marker = notice_marker();
    std::error_code error;
    fs::create_directories(marker.parent_path(), error);
    const int fd =
        ::open(marker.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return std::nullopt;  // given before (or nowhere to remember it: stay quiet)
    ::close(fd);
    return exports_share.string() +
           " is not on XDG_DATA_DIRS yet: the desktop will show exported apps after the next "
           "login (docs/EXPORTS.md)";
}

}  // namespace sandbox::exports

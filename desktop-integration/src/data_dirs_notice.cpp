#include "sandbox/exports/data_dirs_notice.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#ifndef SANDBOX_PROFILE_SNIPPET
#define SANDBOX_PROFILE_SNIPPET "/etc/profile.d/sandbox.sh"
#endif

namespace sandbox::exports {

namespace fs = std::filesystem;

namespace {

fs::path normalized(const fs::path& path) {
    fs::path normal = path.lexically_normal();
    return normal.has_filename() ? normal : normal.parent_path();
}

bool path_exists(const fs::path& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0;
}

// Creates the marker; false when it was there already (another `sandbox` was first) or can't be
// made (nowhere to remember the notice: better silent than said on every run).
bool create_marker(const fs::path& marker) {
    std::error_code error;
    fs::create_directories(marker.parent_path(), error);
    const int fd =
        ::open(marker.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

std::string notice_text(const std::vector<fs::path>& missing) {
    std::string directories;
    for (const fs::path& directory : missing)
        directories += (directories.empty() ? "" : " and ") + directory.string();
    return "The desktop will not show the apps exported to " + directories +
           " until XDG_DATA_DIRS holds it: log in again, or run '. " SANDBOX_PROFILE_SNIPPET
           "' in this shell (docs/EXPORTS.md)";
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

std::optional<std::string> data_dirs_notice_once(std::span<const fs::path> exports_shares) {
    const char* data_dirs = std::getenv("XDG_DATA_DIRS");
    std::vector<fs::path> off_data_dirs;
    for (const fs::path& share : exports_shares)
        if (!is_on_data_dirs(data_dirs != nullptr ? data_dirs : "", share))
            off_data_dirs.push_back(share);
    if (off_data_dirs.empty()) return std::nullopt;
    const fs::path marker = notice_marker();
    if (path_exists(marker)) return std::nullopt;
    std::erase_if(off_data_dirs, [](const fs::path& share) { return !path_exists(share); });
    if (off_data_dirs.empty() || !create_marker(marker)) return std::nullopt;
    return notice_text(off_data_dirs);
}

std::optional<std::string> data_dirs_notice_once(const fs::path& exports_share) {
    return data_dirs_notice_once(std::span<const fs::path>(&exports_share, 1));
}

}  // namespace sandbox::exports

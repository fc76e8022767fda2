#include "sandbox/run/app_data_dirs.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "sandbox/common/files.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::run {
namespace {

constexpr unsigned long long kNoLinks = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;

Error refused(const std::string& shown, int code) {
    if (code == ELOOP)
        return usage_error("Refusing " + permissions::printable(shown) +
                           ": it is (or passes through) a symbolic link, which an app could have "
                           "planted to reach outside its sandbox; remove it to run the app");
    if (code == ENOTDIR)
        return usage_error("Refusing " + permissions::printable(shown) + ": not a directory");
    return system_error("Can't open " + permissions::printable(shown), code);
}

Result<UniqueFd> open_component(int dir_fd, const std::string& name, const std::string& shown) {
    if (::mkdirat(dir_fd, name.c_str(), 0755) != 0 && errno != EEXIST)
        return system_error("Can't create " + permissions::printable(shown));
    auto fd = open_path(dir_fd, name, O_PATH | O_DIRECTORY, kNoLinks);
    if (!fd) return refused(shown, fd.error().code);
    return fd;
}

Result<int> open_into(int dir_fd, const std::string& relative, const std::string& shown,
                      std::vector<UniqueFd>& owned) {
    auto fd = make_and_open_dir(dir_fd, relative, shown);
    if (!fd) return fd.take_error();
    owned.push_back(std::move(*fd));
    return owned.back().get();
}

}  // namespace

Result<UniqueFd> make_and_open_dir(int dir_fd, const std::string& relative,
                                   const std::string& shown) {
    UniqueFd current(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 3));
    if (!current) return system_error("Can't duplicate a directory fd");
    std::size_t start = 0;
    while (start < relative.size()) {
        std::size_t end = relative.find('/', start);
        if (end == std::string::npos) end = relative.size();
        const std::string name = relative.substr(start, end - start);
        start = end + 1;
        if (name.empty()) continue;
        if (name == "." || name == "..") return usage_error("Refusing " + shown + ": '..' in it");
        auto next = open_component(current.get(), name, shown);
        if (!next) return next.take_error();
        current = std::move(*next);
    }
    return current;
}

Result<OpenedAppDirs> open_app_dirs(const std::string& home, const std::string& app_id) {
    OpenedAppDirs opened;
    AppDirs& dirs = opened.dirs;
    dirs.path = home + "/.var/app/" + app_id;
    auto home_fd = open_path(AT_FDCWD, home, O_PATH | O_DIRECTORY);
    if (!home_fd)
        return system_error("Can't open the home directory " + home, home_fd.error().code);
    auto app_dir = make_and_open_dir(home_fd->get(), ".var/app/" + app_id, dirs.path);
    if (!app_dir) return app_dir.take_error();
    dirs.dir_fd = app_dir->get();
    opened.owned.push_back(std::move(*app_dir));
    for (auto [name, fd] : {std::pair{"data", &dirs.data_fd},
                            {"config", &dirs.config_fd},
                            {"cache", &dirs.cache_fd},
                            {"cache/tmp", &dirs.cache_tmp_fd}}) {
        auto opened_fd = open_into(dirs.dir_fd, name, dirs.path + "/" + name, opened.owned);
        if (!opened_fd) return opened_fd.take_error();
        *fd = *opened_fd;
    }
    auto state = open_into(dirs.dir_fd, ".local/state", dirs.path + "/.local/state", opened.owned);
    if (!state) return state.take_error();
    return opened;
}

Result<PersistentDir> open_persistent_dir(const AppDirs& dirs, const std::string& home,
                                          const std::string& path, std::vector<UniqueFd>& owned) {
    auto fd = open_into(dirs.dir_fd, path, dirs.path + "/" + path, owned);
    if (!fd) return fd.take_error();
    return PersistentDir{home + "/" + path, *fd};
}

}  // namespace sandbox::run

#include "sandbox/run/host_view.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "sandbox/store/layout.hpp"

namespace sandbox::run {
namespace {

std::string or_empty(const char* text) {
    return text != nullptr ? text : "";
}

std::map<std::string, std::string> xdg_dirs() {
    const std::pair<const char*, GUserDirectory> user_dirs[] = {
        {"xdg-desktop", G_USER_DIRECTORY_DESKTOP},
        {"xdg-documents", G_USER_DIRECTORY_DOCUMENTS},
        {"xdg-download", G_USER_DIRECTORY_DOWNLOAD},
        {"xdg-music", G_USER_DIRECTORY_MUSIC},
        {"xdg-pictures", G_USER_DIRECTORY_PICTURES},
        {"xdg-public-share", G_USER_DIRECTORY_PUBLIC_SHARE},
        {"xdg-templates", G_USER_DIRECTORY_TEMPLATES},
        {"xdg-videos", G_USER_DIRECTORY_VIDEOS}};
    std::map<std::string, std::string> dirs;
    for (const auto& [name, directory] : user_dirs)
        dirs[name] = or_empty(g_get_user_special_dir(directory));
    dirs["xdg-config"] = g_get_user_config_dir();
    dirs["xdg-data"] = g_get_user_data_dir();
    dirs["xdg-cache"] = g_get_user_cache_dir();
    const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
    if (runtime_dir != nullptr && runtime_dir[0] == '/') dirs["xdg-run"] = runtime_dir;
    return dirs;
}

void read_root(HostView& view) {
    std::unique_ptr<DIR, int (*)(DIR*)> root(::opendir("/"), ::closedir);
    if (!root) return;
    while (dirent* entry = ::readdir(root.get())) {
        const std::string name = entry->d_name;
        if (name == "." || name == "..") continue;
        view.root_entries.push_back(name);
        char target[4096];
        const ssize_t length =
            ::readlinkat(::dirfd(root.get()), name.c_str(), target, sizeof target - 1);
        if (length > 0) view.root_symlinks[name] = std::string(target, length);
    }
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

HostView gather_host_view(const HostUser& user, const std::string& app_dir) {
    HostView view;
    view.uid = user.uid;
    view.home = user.home;
    view.app_dir = app_dir;
    for (const std::string& hidden :
         {user.home + "/.var/app", store::user_installation().base.string()})
        if (is_directory(hidden)) view.hidden.push_back(hidden);
    view.xdg_dirs = xdg_dirs();
    // The document portal's store holds every app's documents: an exposure of a directory above
    // it (a runtime dir under /tmp or $HOME) gets it covered.
    if (const std::string& run = view.xdg_dirs["xdg-run"];
        !run.empty() && is_directory(run + "/doc"))
        view.hidden.push_back(run + "/doc");
    read_root(view);
    return view;
}

std::map<std::string, std::string> host_xdg_homes() {
    return {{"XDG_DATA_HOME", g_get_user_data_dir()},
            {"XDG_CONFIG_HOME", g_get_user_config_dir()},
            {"XDG_CACHE_HOME", g_get_user_cache_dir()},
            {"XDG_STATE_HOME", g_get_user_state_dir()}};
}

}  // namespace sandbox::run

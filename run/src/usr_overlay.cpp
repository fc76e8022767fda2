#include "sandbox/run/usr_overlay.hpp"

#include <algorithm>
#include <map>

namespace sandbox::run {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::OverlayKind;
using launcher::OverlayMount;

launcher::MountOp usr_mount(const RuntimeTree& runtime, const AppTree& app) {
    if (!app.usr_overlay)
        return BindMount{InheritedFd{runtime.files_fd}, "/usr", BindAccess::ReadOnly, false};
    // Bottom layer first: the app's files win.
    return OverlayMount{{InheritedFd{runtime.files_fd}, InheritedFd{app.files_fd}},
                        std::nullopt,
                        std::nullopt,
                        "/usr",
                        OverlayKind::ReadOnly};
}

std::vector<std::string> usr_merged_dirs(const RuntimeTree& runtime, const AppTree& app) {
    std::vector<std::string> dirs = runtime.usr_merged_dirs;
    if (!app.usr_overlay) return dirs;
    for (const std::string& dir : app.usr_merged_dirs)
        if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

std::vector<EtcEntry> composed_etc(const RuntimeTree& runtime, const AppTree& app) {
    if (!app.usr_overlay) return runtime.etc;
    std::map<std::string, EtcEntry> by_name;
    for (const EtcEntry& entry : runtime.etc) by_name.insert_or_assign(entry.name, entry);
    for (const EtcEntry& entry : app.etc) by_name.insert_or_assign(entry.name, entry);
    std::vector<EtcEntry> entries;
    entries.reserve(by_name.size());
    for (auto& [name, entry] : by_name) entries.push_back(std::move(entry));
    return entries;
}

std::string composed_etc_target(const std::string& name) {
    return "../usr/etc/" + name;
}

}  // namespace sandbox::run

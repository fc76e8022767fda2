#include "sandbox/portals/documents/path_remap.hpp"

#include <glib.h>
#include <unistd.h>

#include <string>

namespace sandbox::portals::documents {

PathRemap default_path_remap() {
    return {std::filesystem::path(g_get_user_runtime_dir()) / "doc",
            std::filesystem::path("/run/user") / std::to_string(getuid()) / "doc"};
}

std::optional<std::filesystem::path> relative_to(const std::filesystem::path& path,
                                                 const std::filesystem::path& prefix) {
    const std::string& text = path.native();
    const std::string& head = prefix.native();
    if (head.empty() || !text.starts_with(head)) return std::nullopt;
    if (text.size() == head.size()) return std::filesystem::path();
    if (head.back() != '/' && text[head.size()] != '/') return std::nullopt;
    std::string rest = text.substr(head.size());
    while (!rest.empty() && rest.front() == '/') rest.erase(0, 1);
    return std::filesystem::path(rest);
}

namespace {

std::optional<std::filesystem::path> moved(const std::filesystem::path& path,
                                           const std::filesystem::path& from,
                                           const std::filesystem::path& to) {
    auto rest = relative_to(path, from);
    if (!rest) return std::nullopt;
    return rest->empty() ? to : to / *rest;
}

}  // namespace

std::optional<std::filesystem::path> host_path_for(const std::filesystem::path& path,
                                                   const Caller& caller, const PathRemap& remap) {
    if (caller.is_host()) return path;
    struct Rule {
        std::filesystem::path inside;
        std::filesystem::path host;
    };
    const Rule rules[] = {
        {"/app", caller.app_path},
        {"/usr", caller.runtime_path},
        {remap.sandbox_doc_path, caller.app_id.empty()
                                     ? std::filesystem::path()
                                     : remap.doc_mount / "by-app" / caller.app_id},
    };
    for (const auto& rule : rules) {
        if (!relative_to(path, rule.inside)) continue;
        if (rule.host.empty()) return std::nullopt;
        return moved(path, rule.inside, rule.host);
    }
    return path;
}

}  // namespace sandbox::portals::documents

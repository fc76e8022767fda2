#include "mount_paths.hpp"

#include <string>
#include <vector>

#include "sandbox/portals/documents/path_remap.hpp"

namespace sandbox::portals::documents {

std::optional<DocumentInfo> document_behind_mount_path(const DocumentStore& store,
                                                       const std::filesystem::path& mountpoint,
                                                       const std::filesystem::path& path) {
    auto rest = relative_to(path, mountpoint);
    if (!rest) return std::nullopt;
    std::vector<std::string> parts;
    for (const auto& part : *rest) parts.push_back(part.string());
    std::string app_id;
    if (!parts.empty() && parts.front() == "by-app") {
        if (parts.size() < 2) return std::nullopt;
        app_id = parts[1];
        parts.erase(parts.begin(), parts.begin() + 2);
    }
    if (parts.empty() || parts.size() > 2) return std::nullopt;
    auto document = store.find(parts[0]);
    if (!document) return std::nullopt;
    if (!app_id.empty() && !document->apps.contains(app_id)) return std::nullopt;
    if (parts.size() == 2 && parts[1] != document->name) return std::nullopt;
    return document;
}

}  // namespace sandbox::portals::documents

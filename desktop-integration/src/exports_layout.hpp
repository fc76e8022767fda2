#pragma once

// Paths inside BASE/exports (exporter.hpp describes the layout).

#include <filesystem>
#include <string>

namespace sandbox::exports {

inline std::filesystem::path share_dir(const std::filesystem::path& exports) {
    return exports / "share";
}
inline std::filesystem::path current_dir(const std::filesystem::path& exports) {
    return exports / ".apps" / "current";
}
inline std::filesystem::path trees_dir(const std::filesystem::path& exports) {
    return exports / ".apps" / "trees";
}
// The file in each tree naming the ref that exported it.
inline constexpr const char* kOwnerFile = "owner";

// What BASE/exports/share/RELATIVE links to: ../…/.apps/current/ID/share/RELATIVE.
std::string link_target(const std::string& app_id, const std::string& relative);

}  // namespace sandbox::exports

#include "permission_rows.hpp"

#include <unistd.h>

#include <cstdio>

namespace sandbox::cli {
namespace {

// Ids and app ids come from whoever called the portal: no tab or newline of theirs may shift a
// column or start a row.
std::string cell(std::string_view text) {
    std::string shown;
    for (char c : text) shown += (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) ? c : '?';
    return shown;
}

std::string joined(const std::vector<std::string>& permissions) {
    std::string text;
    for (const std::string& permission : permissions) {
        if (!text.empty()) text += ',';
        text += permission;
    }
    return text;
}

}  // namespace

Result<std::unique_ptr<portals::PermissionDatabase>> open_user_permission_database() {
    auto directory = portals::PermissionDatabase::default_directory();
    if (!directory) return directory.take_error();
    return portals::PermissionDatabase::open(*directory);
}

void print_permission_header() {
    if (::isatty(STDOUT_FILENO)) std::printf("TABLE\tID\tAPP\tPERMISSIONS\tDATA\n");
}

void print_permission_row(const std::string& table, const std::string& id, const std::string& app,
                          const std::vector<std::string>& permissions,
                          const portals::GVariantRef& data) {
    std::printf("%s\t%s\t%s\t%s\t%s\n", cell(table).c_str(), cell(id).c_str(), cell(app).c_str(),
                cell(joined(permissions)).c_str(), cell(data.print()).c_str());
}

void print_permission_entry(const std::string& table, const std::string& id,
                            const portals::PermissionEntry& entry) {
    if (entry.apps.empty()) print_permission_row(table, id, "", {}, entry.data);
    for (const auto& [app, permissions] : entry.apps)
        print_permission_row(table, id, app, permissions, entry.data);
}

}  // namespace sandbox::cli

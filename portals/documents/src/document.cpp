#include "sandbox/portals/documents/document.hpp"

#include <array>
#include <utility>

namespace sandbox::portals::documents {
namespace {

using Flag = bool DocumentPermissions::*;

constexpr std::array<std::pair<const char*, Flag>, 4> kPermissionNames = {{
    {"read", &DocumentPermissions::read},
    {"write", &DocumentPermissions::write},
    {"grant-permissions", &DocumentPermissions::grant_permissions},
    {"delete", &DocumentPermissions::remove},
}};

bool is_app_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

}  // namespace

bool DocumentPermissions::covers(const DocumentPermissions& other) const {
    return !without(other, *this).any();
}

DocumentPermissions operator|(const DocumentPermissions& a, const DocumentPermissions& b) {
    DocumentPermissions result;
    for (const auto& [name, flag] : kPermissionNames) result.*flag = a.*flag || b.*flag;
    return result;
}

DocumentPermissions without(const DocumentPermissions& a, const DocumentPermissions& b) {
    DocumentPermissions result;
    for (const auto& [name, flag] : kPermissionNames) result.*flag = a.*flag && !(b.*flag);
    return result;
}

std::optional<DocumentPermissions> parse_permissions(const std::vector<std::string>& names,
                                                     std::string* unknown) {
    DocumentPermissions result;
    for (const auto& name : names) {
        bool known = false;
        for (const auto& [known_name, flag] : kPermissionNames) {
            if (name != known_name) continue;
            result.*flag = true;
            known = true;
        }
        if (known) continue;
        if (unknown != nullptr) *unknown = name;
        return std::nullopt;
    }
    return result;
}

std::vector<std::string> permission_names(const DocumentPermissions& permissions) {
    std::vector<std::string> names;
    for (const auto& [name, flag] : kPermissionNames)
        if (permissions.*flag) names.emplace_back(name);
    return names;
}

DocumentPermissions DocumentInfo::permissions_of(const std::string& app_id) const {
    auto found = apps.find(app_id);
    return found == apps.end() ? DocumentPermissions{} : found->second;
}

bool is_valid_document_id(const std::string& id) {
    if (id.size() != 8) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
}

bool is_valid_app_id(const std::string& app_id) {
    if (app_id.empty() || app_id.size() > 255) return false;
    std::size_t elements = 1;
    bool element_empty = true;
    for (char c : app_id) {
        if (c == '.') {
            if (element_empty) return false;
            ++elements;
            element_empty = true;
        } else if (is_app_id_char(c)) {
            element_empty = false;
        } else {
            return false;
        }
    }
    return !element_empty && elements >= 2;
}

bool is_valid_document_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." &&
           name.find_first_of(std::string("/\0", 2)) == std::string::npos;
}

}  // namespace sandbox::portals::documents

#include "sandbox/portals/permission_store/permission_names.hpp"

#include <glib.h>

#include <string>

namespace sandbox::portals {
namespace {

bool is_table_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

bool is_bounded_utf8(std::string_view text) {
    return text.size() <= kMaxKeyLength && text.find('\0') == std::string_view::npos &&
           g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr);
}

Status checked_key(std::string_view text, const char* what) {
    if (is_bounded_utf8(text)) return ok_status();
    return usage_error(std::string("Invalid ") + what +
                       ": not UTF-8, has a NUL byte, or longer than " +
                       std::to_string(kMaxKeyLength) + " bytes");
}

}  // namespace

Status check_table_name(std::string_view table) {
    bool valid = !table.empty() && table.size() <= kMaxTableNameLength && table.front() != '.';
    for (char c : table) valid = valid && is_table_name_character(c);
    if (valid) return ok_status();
    return usage_error("Invalid table name (1-" + std::to_string(kMaxTableNameLength) +
                       " characters of A-Z a-z 0-9 . _ -, not starting with '.')");
}

Status check_entry_id(std::string_view id) {
    if (id.empty()) return usage_error("Invalid id: empty");
    return checked_key(id, "id");
}

Status check_app_id(std::string_view app) {
    return checked_key(app, "app id");
}

Status check_permission_string(std::string_view permission) {
    return checked_key(permission, "permission");
}

}  // namespace sandbox::portals

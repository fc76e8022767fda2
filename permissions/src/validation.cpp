#include "sandbox/permissions/validation.hpp"

#include <glib.h>

namespace sandbox::permissions {
namespace {

bool is_control(gunichar c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0);
}

bool is_bus_element_char(char c, bool first) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-') return true;
    return !first && c >= '0' && c <= '9';
}

}  // namespace

std::string printable(std::string_view text) {
    std::string shown;
    const char* position = text.data();
    const char* end = text.data() + text.size();
    while (position < end && shown.size() < 200) {
        gunichar c = g_utf8_get_char_validated(position, end - position);
        if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2)) {
            shown += '?';
            ++position;
            continue;
        }
        const char* next = g_utf8_next_char(position);
        if (is_control(c) || c == '\t')
            shown += '?';
        else
            shown.append(position, next);
        position = next;
    }
    return shown;
}

bool is_safe_text(std::string_view text) {
    const char* position = text.data();
    const char* end = text.data() + text.size();
    while (position < end) {
        gunichar c = g_utf8_get_char_validated(position, end - position);
        if (c == static_cast<gunichar>(-1) || c == static_cast<gunichar>(-2) || c == 0 ||
            is_control(c))
            return false;
        position = g_utf8_next_char(position);
    }
    return true;
}

bool is_valid_bus_name(std::string_view name) {
    if (name.size() > 2 && name.substr(name.size() - 2) == ".*") name.remove_suffix(2);
    if (name.empty() || name.size() > 255 || name[0] == ':' || name[0] == '.') return false;
    int elements = 1;
    bool element_start = true;
    for (char c : name) {
        if (c == '.') {
            if (element_start) return false;
            ++elements;
            element_start = true;
            continue;
        }
        if (!is_bus_element_char(c, element_start)) return false;
        element_start = false;
    }
    return !element_start && elements >= 2;
}

bool is_valid_environment_name(std::string_view name) {
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    return true;
}

Status check_persistent_path(std::string_view path) {
    if (path.empty() || path[0] == '/' || !is_safe_text(path))
        return usage_error("Invalid persistent path '" + printable(path) +
                           "': give a relative path under the home directory");
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view component = path.substr(start, end - start);
        if (component == "." || component == "..")
            return usage_error("Invalid persistent path '" + printable(path) +
                               "': '.' and '..' are not allowed");
        start = end + 1;
    }
    return ok_status();
}

}  // namespace sandbox::permissions

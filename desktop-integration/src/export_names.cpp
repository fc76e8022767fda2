#include "sandbox/exports/export_names.hpp"

#include <algorithm>

namespace sandbox::exports {
namespace {

// NAME is ID + SUFFIX, or ID + '.'|'-' + something + SUFFIX with no '/' in it.
bool is_named_after(std::string_view name, std::string_view app_id, std::string_view suffix,
                    bool allow_extra) {
    if (app_id.empty() || !name.starts_with(app_id) || !name.ends_with(suffix)) return false;
    if (name.find('/') != std::string_view::npos) return false;
    if (name.size() == app_id.size() + suffix.size()) return true;
    if (!allow_extra || name.size() < app_id.size() + suffix.size() + 2) return false;
    const char separator = name[app_id.size()];
    return separator == '.' || separator == '-';
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_exportable_desktop_file(std::string_view name, std::string_view app_id) {
    return is_named_after(name, app_id, ".desktop", true);
}

bool is_exportable_icon(std::string_view name, std::string_view app_id) {
    return is_named_after(name, app_id, ".png", true) || is_named_after(name, app_id, ".svg", true);
}

bool is_exportable_metainfo(std::string_view name, std::string_view app_id) {
    return is_named_after(name, app_id, ".metainfo.xml", false) ||
           is_named_after(name, app_id, ".appdata.xml", false);
}

bool is_exportable_mime_package(std::string_view name, std::string_view app_id) {
    return is_named_after(name, app_id, ".xml", false);
}

bool is_exportable_dbus_service(std::string_view name, std::string_view app_id) {
    if (!name.ends_with(".service")) return false;
    return is_owned_bus_name(name.substr(0, name.size() - 8), app_id);
}

bool is_owned_bus_name(std::string_view name, std::string_view app_id) {
    if (app_id.empty() || !name.starts_with(app_id)) return false;
    if (name.size() == app_id.size()) return true;
    return name[app_id.size()] == '.' && name.size() > app_id.size() + 1 && !name.ends_with(".");
}

bool is_icon_size_directory(std::string_view name) {
    if (name == "scalable" || name == "symbolic") return true;
    std::string_view size = name.substr(0, name.find('@'));
    if (size.size() != name.size() && !all_digits(name.substr(size.size() + 1))) return false;
    const std::size_t x = size.find('x');
    if (x == std::string_view::npos) return false;
    return all_digits(size.substr(0, x)) && size.substr(0, x) == size.substr(x + 1);
}

bool is_exportable(ExportKind kind, std::string_view name, std::string_view app_id) {
    switch (kind) {
        case ExportKind::DesktopFile:
            return is_exportable_desktop_file(name, app_id);
        case ExportKind::Icon:
            return is_exportable_icon(name, app_id);
        case ExportKind::Metainfo:
            return is_exportable_metainfo(name, app_id);
        case ExportKind::MimePackage:
            return is_exportable_mime_package(name, app_id);
        case ExportKind::DBusService:
            return is_exportable_dbus_service(name, app_id);
    }
    return false;
}

}  // namespace sandbox::exports

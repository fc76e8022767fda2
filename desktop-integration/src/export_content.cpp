#include "export_content.hpp"

#include <glib.h>

namespace sandbox::exports {
namespace {

Result<Rewritten> checked_icon(const SourceFile& file) {
    const std::string_view content = file.content;
    if (file.destination.ends_with(".png")) {
        if (!content.starts_with("\x89PNG\r\n\x1a\n")) return usage_error("not a PNG image");
    } else if (!g_utf8_validate(content.data(), static_cast<gssize>(content.size()), nullptr) ||
               content.find("<svg") == std::string_view::npos) {
        return usage_error("not an SVG image");
    }
    return Rewritten{file.content, {}};
}

Result<Rewritten> checked_metainfo(const SourceFile& file) {
    const std::string_view content = file.content;
    if (!g_utf8_validate(content.data(), static_cast<gssize>(content.size()), nullptr))
        return usage_error("not UTF-8");
    return Rewritten{file.content, {}};
}

std::string file_name(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

}  // namespace

Result<Rewritten> exported_content(const SourceFile& file, const LaunchCommand& launch) {
    switch (file.kind) {
        case ExportKind::DesktopFile:
            return rewrite_desktop_file(file.content, launch);
        case ExportKind::DBusService:
            return rewrite_dbus_service(file.content, file_name(file.destination), launch);
        case ExportKind::MimePackage:
            return rewrite_mime_package(file.content);
        case ExportKind::Icon:
            return checked_icon(file);
        case ExportKind::Metainfo:
            return checked_metainfo(file);
    }
    return usage_error("unknown kind");
}

}  // namespace sandbox::exports

#pragma once

// Which files of an app's export/ may reach the host's desktop: only those named after the app
// (Flatpak's rule), so that no app can shadow another's launcher, icon, MIME type or bus name.

#include <string_view>

namespace sandbox::exports {

enum class ExportKind { DesktopFile, Icon, Metainfo, MimePackage, DBusService };

// ID.desktop, ID.*.desktop and ID-*.desktop (extra launchers).
bool is_exportable_desktop_file(std::string_view name, std::string_view app_id);
// ID.png, ID.svg, ID-symbolic.svg and ID.*/ID-* with those extensions.
bool is_exportable_icon(std::string_view name, std::string_view app_id);
// ID.metainfo.xml, ID.appdata.xml.
bool is_exportable_metainfo(std::string_view name, std::string_view app_id);
// ID.xml.
bool is_exportable_mime_package(std::string_view name, std::string_view app_id);
// ID.service, ID.*.service.
bool is_exportable_dbus_service(std::string_view name, std::string_view app_id);
// A D-Bus name the app may export a service for: its ID or a name below it.
bool is_owned_bus_name(std::string_view name, std::string_view app_id);
// An hicolor size directory: NxN, NxN@S, scalable or symbolic.
bool is_icon_size_directory(std::string_view name);

bool is_exportable(ExportKind kind, std::string_view name, std::string_view app_id);

}  // namespace sandbox::exports

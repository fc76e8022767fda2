#pragma once

// Which service draws the dialogs: the portal keeps the decisions and delegates the UI to an
// org.freedesktop.impl.portal.* backend (xdg-desktop-portal-gtk on a desktop, a scripted one in
// the tests), found as Debian's xdg-desktop-portal 1.16 finds it: `*.portal` keyfiles in
// $XDG_DESKTOP_PORTAL_DIR (else /usr/share/xdg-desktop-portal/portals), the first whose UseIn
// names an entry of $XDG_CURRENT_DESKTOP, else the first that implements the interface.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::portals {

// The path backends serve their interfaces at.
inline constexpr const char* kBackendObjectPath = "/org/freedesktop/portal/desktop";

struct PortalFile {
    std::string name;  // the file's name, for the order
    std::string bus_name;
    std::vector<std::string> interfaces;
    std::vector<std::string> use_in;
};

// Pure: the bus name serving `interface` for these desktops (XDG_CURRENT_DESKTOP's entries).
std::optional<std::string> choose_backend(const std::vector<PortalFile>& portals,
                                          const std::vector<std::string>& desktops,
                                          const std::string& interface);

// The `*.portal` files of a directory, sorted by name; unreadable ones are skipped.
std::vector<PortalFile> read_portal_files(const std::filesystem::path& dir);

// The backend for an org.freedesktop.impl.portal.* interface in this process's environment; the
// portal files are read once.
std::optional<std::string> find_backend(const std::string& interface);

}  // namespace sandbox::portals

#pragma once

// The content of each exported file, rebuilt from what the app shipped: GKeyFile for .desktop
// and .service files, GMarkup for MIME packages. Each returns the new content and the warnings
// about what it dropped, or an error naming why the whole file is refused.

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/exports/exec_line.hpp"

namespace sandbox::exports {

struct Rewritten {
    std::string content;
    std::vector<std::string> warnings;
};

// Type=Application only; every group's Exec rebuilt (format_exec); TryExec, DBusActivatable,
// Path, X-Flatpak*, X-Sandbox* and X-GNOME-Bugzilla-ExtraInfoScript dropped; Name, GenericName,
// Comment, Keywords cleaned of disguising characters; other values holding them dropped; groups
// other than [Desktop Entry] and [Desktop Action …] dropped; X-Sandbox=ID added.
Result<Rewritten> rewrite_desktop_file(std::string_view content, const LaunchCommand& launch);

// [D-BUS Service] with Name = the file's name without .service (the app's ID or below it) and
// the Exec rebuilt; every other key dropped.
Result<Rewritten> rewrite_dbus_service(std::string_view content, std::string_view file_name,
                                       const LaunchCommand& launch);

// shared-mime-info XML reduced to mime-type, comment, glob (weight 5), sub-class-of, alias,
// icon, generic-icon, acronym, expanded-acronym; <magic> and everything else dropped.
Result<Rewritten> rewrite_mime_package(std::string_view content);

}  // namespace sandbox::exports

#pragma once

// flatpak-builder's rename-desktop-file, rename-icon, rename-appdata-file and copy-icon: what an
// app's files/share holds under other names (a Debian package's libreoffice-writer.desktop) is
// renamed after the app's ID, so that the build exports it (only names of the ID are exported).
//
// rename-desktop-file and rename-icon also take an object {"FROM": "TO", …} (ours: a package with
// several launchers); every TO must be the ID or start with "ID.".

#include <json-glib/json-glib.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

struct ExportRenames {
    // File names in share/applications: "libreoffice-writer.desktop" → "ID.writer.desktop".
    std::vector<std::pair<std::string, std::string>> desktop_files;
    // Icon names (without extension) in share/icons/hicolor/*/apps: "libreoffice-writer" → "ID".
    std::vector<std::pair<std::string, std::string>> icons;
    // A file in share/metainfo or share/appdata, which becomes share/metainfo/ID.metainfo.xml.
    std::string appdata_file;
    // Keep the icons under their own names too (the app may look them up by those).
    bool copy_icon = false;

    [[nodiscard]] bool empty() const {
        return desktop_files.empty() && icons.empty() && appdata_file.empty();
    }
};

// The manifest's members, each null when absent. A string for rename-desktop-file or rename-icon
// means flatpak-builder's: FROM → ID.desktop, FROM → ID.
Result<ExportRenames> parse_export_renames(const std::string& id, JsonNode* desktop_file,
                                           JsonNode* icon, JsonNode* appdata_file,
                                           JsonNode* copy_icon);

// Applies `renames` to an app's `files`: /app, or for an app layered over its runtime's /usr
// (`usr_layout`) that /usr, with files/etc as /etc. A renamed file that is a link (Debian's icons
// often are) is resolved inside files/ as the sandbox would and becomes a copy of its target.
// Renamed desktop files name the renamed icons (Icon=); a renamed metainfo file names the renamed
// desktop files.
Status apply_export_renames(const ExportRenames& renames, const std::string& id,
                            const std::filesystem::path& files, bool usr_layout);

}  // namespace sandbox::builder

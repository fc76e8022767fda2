#pragma once

// An app's exports in its installation: BASE/exports/share/… holds one relative symlink per
// exported file into BASE/exports/.apps/current/ID, itself a symlink to the app's tree of
// rewritten files (BASE/exports/.apps/trees/ID.XXXXXX). A new export is built as a new tree,
// then `current/ID` is renamed over: the desktop sees the old set or the new one, never a mix.
// Callers hold the installation's lock.

#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/exports/exec_line.hpp"

namespace sandbox::exports {

struct ExportRequest {
    std::filesystem::path deployment_dir;  // the app's deployment: holds export/
    std::filesystem::path exports_dir;     // BASE/exports
    LaunchCommand launch;                  // launch.app_id is the app
    std::string owner;                     // the ref exporting (two branches share one ID)
};

struct ExportOutcome {
    std::vector<std::string> exported;  // paths relative to BASE/exports/share
    std::vector<std::string> warnings;  // one line per file refused or changed
};

// Exports the deployment's export/ (sanitised) in place of whatever the app exported before.
Result<ExportOutcome> export_app(const ExportRequest& request);
// Removes everything the app exported, when `owner` is the ref that exported it (or is empty).
Status unexport_app(const std::filesystem::path& exports_dir, const std::string& app_id,
                    const std::string& owner);
// update-desktop-database, gtk-update-icon-cache -f -t, update-mime-database on
// BASE/exports/share, each when installed; the warnings of those that failed.
std::vector<std::string> refresh_caches(const std::filesystem::path& exports_dir);

}  // namespace sandbox::exports

#pragma once

// The staging tree a build fills: DIR/files (the app's /app or the runtime's /usr), DIR/export,
// DIR/metadata, and DIR/build/MODULE where each module's sources are put.

#include <filesystem>

#include "sandbox/builder/manifest.hpp"
#include "sandbox/common/error.hpp"

namespace sandbox::builder {

// Copies the module's sources into `module_dir`.
Status stage_sources(const Module& module, const std::filesystem::path& module_dir);

// buildsystem "copy": everything staged for the module goes into files/ as it is.
Status copy_into(const std::filesystem::path& module_dir, const std::filesystem::path& files);

// What `flatpak build-finish` exports: the regular files (never links) of files/share/
// {applications,icons,metainfo,appdata,mime/packages,dbus-1/services} named after the app ID
// (ID.…, ID-…), copied to export/share/.
Status collect_exports(const std::filesystem::path& files, const std::filesystem::path& export_dir,
                       const std::string& id);

}  // namespace sandbox::builder

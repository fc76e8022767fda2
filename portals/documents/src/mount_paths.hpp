#pragma once

// Paths inside the document mount, taken back to the documents they show.

#include <filesystem>
#include <optional>

#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {

// The document a path under `mountpoint` shows: MOUNT/DOCID[/NAME] or
// MOUNT/by-app/APP/DOCID[/NAME] (the app having a grant on it). Nothing for any other path.
std::optional<DocumentInfo> document_behind_mount_path(const DocumentStore& store,
                                                       const std::filesystem::path& mountpoint,
                                                       const std::filesystem::path& path);

}  // namespace sandbox::portals::documents

#pragma once

// Where a path a sandboxed app sees is on the host. In our sandboxes the app sees its home and
// filesystem grants at their host paths; /app, /usr and the document store are the exceptions.

#include <filesystem>
#include <optional>

#include "sandbox/portals/caller.hpp"

namespace sandbox::portals::documents {

struct PathRemap {
    std::filesystem::path doc_mount;         // on the host: $XDG_RUNTIME_DIR/doc
    std::filesystem::path sandbox_doc_path;  // in the sandbox: /run/user/UID/doc
};

// $XDG_RUNTIME_DIR/doc (GLib's idea of the runtime dir) and /run/user/<our uid>/doc.
PathRemap default_path_remap();

// The host path of `path` as `caller` sees it: unchanged for the host; for a sandboxed caller
// /app and /usr are its app and runtime, the sandbox's document dir its by-app view. Nothing when
// the path has no host counterpart (an /app of a caller without one).
std::optional<std::filesystem::path> host_path_for(const std::filesystem::path& path,
                                                   const Caller& caller, const PathRemap& remap);

// `path` with `prefix` taken off ("" for the prefix itself), if it lies under it.
std::optional<std::filesystem::path> relative_to(const std::filesystem::path& path,
                                                 const std::filesystem::path& prefix);

}  // namespace sandbox::portals::documents

#pragma once

// An app made of Debian packages (docs/RUNTIMES.md, "Apps from Debian packages"): a layer over its
// runtime's /usr. The app's lock holds only what its packages add to the runtime's lock (which the
// installed runtime carries at files/share/sandbox/debian.lock); the complete tree of both is
// built as the runtime's is, and only what differs from the installed runtime's files/ is kept,
// in the runtime's shape. The metadata says usr-overlay=true, and `sandbox run` composes /usr
// from the two with overlayfs.

#include <cstdint>
#include <filesystem>
#include <string>

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/manifest.hpp"

namespace sandbox::builder {

// Where a Debian runtime keeps its lock, in its files/.
inline constexpr const char* kRuntimeLockPath = "share/sandbox/debian.lock";

// Fills `files` (empty) with the app's layer; returns the epoch the commit carries (the app's
// lock's).
Result<std::int64_t> build_debian_app(const Manifest& manifest, const BuildOptions& options,
                                      const std::filesystem::path& stage,
                                      const std::filesystem::path& files, const std::string& arch);

}  // namespace sandbox::builder

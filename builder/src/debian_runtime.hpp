#pragma once

// A runtime made of Debian packages (docs/RUNTIMES.md): the lock's tree, laid out as Flatpak
// runtimes are (files/ = the tree's /usr, files/etc = its /etc without what `sandbox run` makes
// or binds from the host, nothing of /var), with the font cache made for the tree as installed.

#include <cstdint>
#include <filesystem>

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/manifest.hpp"

namespace sandbox::builder {

// Fills `files` (which must be empty) from the manifest's "debian" packages; returns the lock's
// epoch, the time the commit carries.
Result<std::int64_t> stage_debian_runtime(const Manifest& manifest, const BuildOptions& options,
                                          const std::filesystem::path& stage,
                                          const std::filesystem::path& files);

}  // namespace sandbox::builder

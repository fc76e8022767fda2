#pragma once

// fontconfig's cache for a runtime's fonts, made at build time so that an app's first start does
// not scan them. fontconfig trusts a cache only when the directory's mtime is the one it
// recorded; installed directories have mtime 0 (ostree checks directories out with mtime 0), so
// the font directories get mtime 0 before fc-cache runs, in a build sandbox with the tree at
// /usr. The cache goes to /usr/lib/fontconfig/cache (the runtime is read-only at /usr; /var is
// not the runtime's), named first in the runtime's fonts configuration.

#include <filesystem>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

inline constexpr const char* kRuntimeFontCacheDir = "/usr/lib/fontconfig/cache";

// `files` is the runtime's files/ (its /usr, with etc/ inside); `launcher` is sandbox-launch.
Status make_font_cache(const std::filesystem::path& launcher, const std::filesystem::path& files);

}  // namespace sandbox::builder

#pragma once

// Single-file bundles in Flatpak's format (what `flatpak build-bundle` writes and
// `flatpak install --bundle` reads): an OSTree static delta from nothing to the commit, every part
// inline, whose superblock metadata carries "ref", "metadata" (the app's metadata file) and a
// "flatpak" magic number as the first key.

#include <cstdint>
#include <filesystem>
#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::store {

struct BundleHeader {
    Ref ref;
    std::string commit;
    std::string metadata;  // the metadata file's text as the header gives it
};

Result<BundleHeader> read_bundle_header(const std::filesystem::path& file);

// Writes the commit `ref` points at in the repository at `repo` as a bundle to `file` (through a
// temporary file renamed into place, so a failure leaves no half bundle).
Status write_bundle(const std::filesystem::path& repo, const Ref& ref,
                    const std::filesystem::path& file);

}  // namespace sandbox::store

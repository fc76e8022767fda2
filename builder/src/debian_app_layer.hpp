#pragma once

// An app made of Debian packages is a layer over its runtime's /usr (docs/RUNTIMES.md, "Apps from
// Debian packages"): of a complete root filesystem holding the runtime's packages and the app's,
// only what the runtime's files/ lacks or has otherwise is kept, in the runtime's shape
// (usr/X → files/X, etc/X → files/etc/X). The sandbox shows the two composed with overlayfs.

#include <cstdint>
#include <filesystem>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

struct LayerFigures {
    std::uint64_t entries = 0;       // files, links and directories put into the layer
    std::uint64_t bytes = 0;         // the regular files' sizes among them
    std::uint64_t same = 0;          // files and links left out: the runtime has them as they are
    std::uint64_t runtime_only = 0;  // files and links the runtime has and the tree lacks
};

// Moves (renames: `full_files` is consumed) into `layer` every file, link and directory of
// `full_files` (a complete tree in the runtime's shape: its /usr with etc/ inside) that differs
// from the entry at the same place in `runtime_files` (another type, another link target, other
// contents or executable bits) or is not there. Directories both have are merged, so only their
// differing entries are moved. The etc/ entries the sandbox always makes itself (passwd,
// ld.so.cache, …) are left out. An overlay cannot hide a runtime's file, so entries only the
// runtime has are counted, not represented.
Result<LayerFigures> extract_layer(const std::filesystem::path& full_files,
                                   const std::filesystem::path& runtime_files,
                                   const std::filesystem::path& layer);

}  // namespace sandbox::builder

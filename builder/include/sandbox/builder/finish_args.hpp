#pragma once

// finish-args, spelled as `flatpak build-finish` takes them, turned into the metadata groups
// Flatpak writes: [Context], [Session Bus Policy], [System Bus Policy], [Environment].

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

// One metadata group and its key=value lines, in the order first given.
struct MetadataGroup {
    std::string name;
    std::vector<std::pair<std::string, std::string>> entries;
};

Result<std::vector<MetadataGroup>> context_from_finish_args(const std::vector<std::string>& args);

}  // namespace sandbox::builder

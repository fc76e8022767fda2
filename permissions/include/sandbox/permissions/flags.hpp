#pragma once

// The permission options of `run` and `override`, as Flatpak spells them: --share --unshare
// --socket --nosocket --device --nodevice --allow --disallow --filesystem --nofilesystem --persist
// --env --unset-env --own-name --talk-name --no-talk-name --system-own-name --system-talk-name
// --system-no-talk-name. Each takes its value as "--flag=VALUE" or "--flag VALUE".

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

// If args[index] is a permission flag, applies it to `layer`, moves index past it (and its
// value) and returns true; returns false, index unchanged, for anything else.
Result<bool> take_permission_flag(std::span<const std::string> args, std::size_t& index,
                                  Context& layer);

// The flags' lines for a --help text.
std::string_view permission_flags_usage();

}  // namespace sandbox::permissions

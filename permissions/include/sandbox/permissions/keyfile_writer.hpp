#pragma once

// A Context written back as keyfile groups, the way Flatpak saves metadata and overrides.

#include <glib.h>

#include <string>

#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

// Replaces the permission groups of `keyfile` with `context`. `flatten` writes only what is
// granted (the effective permissions of /.flatpak-info); otherwise revocations ("!network",
// "!home", "!host:reset", "name=none") are kept, as an override file needs them.
void write_context(GKeyFile* keyfile, const Context& context, bool flatten);

std::string context_to_text(const Context& context, bool flatten);

}  // namespace sandbox::permissions

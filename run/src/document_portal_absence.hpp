#pragma once

// A session bus that had no document portal a moment ago: `sandbox run` then does not ask again
// for a minute, so that every launch on a desktop without the portal installed does not pay for a
// helper process and a D-Bus round trip (~9 ms). Kept in $XDG_RUNTIME_DIR/.sandbox, keyed by the
// bus address (its guid changes with the session).

#include <string>

namespace sandbox::run {

bool document_portal_recently_absent(const std::string& runtime_dir, const std::string& bus);
void remember_document_portal_absent(const std::string& runtime_dir, const std::string& bus);

}  // namespace sandbox::run

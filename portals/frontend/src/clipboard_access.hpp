#pragma once

// Who may use the host clipboard through the portal: the pure part of the decision, so the unit
// tests can check it without a bus.

#include <cstdint>
#include <optional>

#include "sandbox/portals/caller.hpp"

namespace sandbox::portals {

enum class ClipboardAccess { Granted, Denied, Ask };

// The host is always granted (it has the clipboard anyway); an app has what the user answered
// for it, and is asked when there is no answer yet. An app without an id is never granted: its
// answer could not be remembered for it alone.
ClipboardAccess clipboard_access(const Caller& caller, const std::optional<bool>& remembered);

// GetMimeTypes, Read and Write: only a granted caller; an app that was never asked is refused
// too (it must call RequestAccess first).
bool may_use_clipboard(const Caller& caller, const std::optional<bool>& remembered);

// The answer to remember from impl.portal.Access.AccessDialog's response: 0 (allowed) is yes,
// 1 (the user refused) no. 2 is no answer (no backend, a failed one, a dialog that ended another
// way): nothing is remembered and the app is asked again next time.
std::optional<bool> answer_to_remember(std::uint32_t response);

}  // namespace sandbox::portals

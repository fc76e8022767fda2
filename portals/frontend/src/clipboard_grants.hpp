#pragma once

// The clipboard portal with its answers kept in the permission store (table "clipboard", id
// "clipboard", app → ["yes"] or ["no"]), so `sandbox permission-show/-reset` see and revoke them,
// and the host's clipboard chosen from the portal's own environment.

#include <memory>

#include "clipboard_portal.hpp"

namespace sandbox::portals {

class PermissionDatabase;

inline constexpr const char* kClipboardTable = "clipboard";
inline constexpr const char* kClipboardId = "clipboard";

std::unique_ptr<ClipboardPortal> make_clipboard_portal(sdbus::IObject& desktop, Requests& requests,
                                                       CallerIdentifier& callers,
                                                       PermissionDatabase& database);

}  // namespace sandbox::portals

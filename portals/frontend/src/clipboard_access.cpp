#include "clipboard_access.hpp"

namespace sandbox::portals {

ClipboardAccess clipboard_access(const Caller& caller, const std::optional<bool>& remembered) {
    if (caller.is_host()) return ClipboardAccess::Granted;
    if (caller.app_id.empty()) return ClipboardAccess::Denied;
    if (!remembered) return ClipboardAccess::Ask;
    return *remembered ? ClipboardAccess::Granted : ClipboardAccess::Denied;
}

bool may_use_clipboard(const Caller& caller, const std::optional<bool>& remembered) {
    return clipboard_access(caller, remembered) == ClipboardAccess::Granted;
}

std::optional<bool> answer_to_remember(std::uint32_t response) {
    if (response == 0) return true;
    if (response == 1) return false;
    return std::nullopt;
}

}  // namespace sandbox::portals

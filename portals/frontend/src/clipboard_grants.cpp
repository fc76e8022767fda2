#include "clipboard_grants.hpp"

#include "sandbox/portals/permission_store/permission_database.hpp"

namespace sandbox::portals {

std::unique_ptr<ClipboardPortal> make_clipboard_portal(sdbus::IObject& desktop, Requests& requests,
                                                       CallerIdentifier& callers,
                                                       PermissionDatabase& database) {
    auto load = [&database](const std::string& app_id) -> std::optional<bool> {
        auto permissions = database.get_permission(kClipboardTable, kClipboardId, app_id);
        if (!permissions || !*permissions || (*permissions)->empty()) return std::nullopt;
        return (*permissions)->front() == "yes";
    };
    auto save = [&database](const std::string& app_id, bool granted) {
        // Not remembered if the store cannot be written: the person is asked again next time.
        (void)database.set_permission(kClipboardTable, kClipboardId, app_id,
                                      {granted ? "yes" : "no"}, true);
    };
    return std::make_unique<ClipboardPortal>(desktop, requests, callers, std::move(load),
                                             std::move(save),
                                             make_host_clipboard_from_environment());
}

}  // namespace sandbox::portals

#pragma once

// org.sandbox.portal.Clipboard (docs/CLIPBOARD.md): the host's clipboard for apps the user
// allowed, on the portal's object /org/freedesktop/portal/desktop.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

#include "backend_proxies.hpp"
#include "clipboard_workers.hpp"
#include "host_clipboard.hpp"
#include "portals/generated/org.sandbox.portal.Clipboard_adaptor.h"
#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/request.hpp"

namespace sandbox::portals {

class ClipboardPortal final : public org::sandbox::portal::Clipboard_adaptor {
  public:
    // The user's remembered answer for an app, if any; how it is kept is the caller's business.
    using LoadGrant = std::function<std::optional<bool>(const std::string& app_id)>;
    using SaveGrant = std::function<void(const std::string& app_id, bool granted)>;

    ClipboardPortal(sdbus::IObject& desktop_object, Requests& requests, CallerIdentifier& callers,
                    LoadGrant load_grant, SaveGrant save_grant,
                    std::unique_ptr<HostClipboard> host);
    ClipboardPortal(const ClipboardPortal&) = delete;
    ClipboardPortal& operator=(const ClipboardPortal&) = delete;
    ~ClipboardPortal();

    static constexpr std::uint32_t kVersion = 1;
    // Transfers running at once, all callers together; more are refused until one ends.
    static constexpr std::size_t kMaxTransfers = 16;

  private:
    sdbus::ObjectPath RequestAccess(const std::string& parent_window,
                                    const std::map<std::string, sdbus::Variant>& options) override;
    void GetMimeTypes(sdbus::Result<std::vector<std::string>>&& result) override;
    sdbus::UnixFd Read(const std::string& mime_type) override;
    void Write(sdbus::Result<>&& result, std::string mime_type, sdbus::UnixFd fd) override;
    std::uint32_t version() override { return kVersion; }

    std::string current_sender() const;
    Caller identify(const std::string& sender);
    std::optional<bool> remembered_answer(const Caller& caller) const;
    // The caller of the method being handled, if it may use the clipboard; NotAllowed if not.
    Caller require_clipboard_user();
    void start_or_refuse(std::function<void(std::stop_token)> job);

    void ask_user(const std::shared_ptr<Request>& request, const std::string& app_id,
                  const std::string& parent_window);
    void on_dialog_answer(const std::shared_ptr<Request>& request, const std::string& app_id,
                          std::uint32_t response);

    sdbus::IObject& object_;
    Requests& requests_;
    CallerIdentifier& callers_;
    LoadGrant load_grant_;
    SaveGrant save_grant_;
    std::unique_ptr<HostClipboard> host_;
    BackendProxies backends_;
    // Last: its threads use host_, so they are stopped and joined first.
    ClipboardWorkers workers_{kMaxTransfers};
};

}  // namespace sandbox::portals

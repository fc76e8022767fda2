#pragma once

// org.freedesktop.portal.OpenURI (version 3, as Debian's xdg-desktop-portal 1.16): links and
// files an app hands over are opened by a handler on the host, chosen by the person when more
// than one could open it (org.freedesktop.impl.portal.AppChooser draws the chooser).

#include "open_decision.hpp"
#include "portal_context.hpp"
#include "portals/generated/org.freedesktop.portal.OpenURI_adaptor.h"

namespace sandbox::portals {

class OpenURIPortal final : public org::freedesktop::portal::OpenURI_adaptor {
  public:
    explicit OpenURIPortal(PortalContext& context);
    OpenURIPortal(const OpenURIPortal&) = delete;
    OpenURIPortal& operator=(const OpenURIPortal&) = delete;
    ~OpenURIPortal() = default;

  private:
    void OpenURI(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                 std::string uri, Options options) override;
    void OpenFile(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                  sdbus::UnixFd fd, Options options) override;
    void OpenDirectory(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                       sdbus::UnixFd fd, Options options) override;
    uint32_t version() override { return 3; }

    struct Target {
        std::string uri;   // what the handler gets
        std::string name;  // for the chooser: the file's name, or the URI
        OpenSituation situation;
        std::string activation_token;
    };
    // Opens `target` for `caller`, through the chooser when needed; answers `request`.
    void open(const std::shared_ptr<Request>& request, const Caller& caller,
              const std::string& parent_window, Target target);

    PortalContext& context_;
};

}  // namespace sandbox::portals

#pragma once

// org.freedesktop.portal.FileChooser (version 3, as Debian's xdg-desktop-portal 1.16): the
// backend draws the dialog; what was chosen reaches a sandboxed app through the document store.

#include "chooser_options.hpp"
#include "portal_context.hpp"
#include "portals/generated/org.freedesktop.portal.FileChooser_adaptor.h"

namespace sandbox::portals {

class FileChooserPortal final : public org::freedesktop::portal::FileChooser_adaptor {
  public:
    explicit FileChooserPortal(PortalContext& context);
    FileChooserPortal(const FileChooserPortal&) = delete;
    FileChooserPortal& operator=(const FileChooserPortal&) = delete;
    ~FileChooserPortal() = default;

  private:
    void OpenFile(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                  std::string title, Options options) override;
    void SaveFile(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                  std::string title, Options options) override;
    void SaveFiles(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                   std::string title, Options options) override;
    uint32_t version() override { return 3; }

    void choose(sdbus::Result<sdbus::ObjectPath>& result, const char* method, ChooserMethod kind,
                const std::string& parent_window, const std::string& title, const Options& options);

    PortalContext& context_;
};

}  // namespace sandbox::portals

#pragma once

// sandbox-portal put together: the document store mounted, the permission database opened, every
// interface on the session bus, and the bus names requested last, so that a call that activates
// the service is answered by a complete one.

#include <filesystem>
#include <memory>

#include "sandbox/common/error.hpp"

namespace sdbus {
class IConnection;
}

namespace sandbox::portals {

struct PortalPaths {
    std::filesystem::path runtime_dir;    // $XDG_RUNTIME_DIR: the store is mounted at doc/
    std::filesystem::path instances_dir;  // the instance registry of `sandbox run`
    std::filesystem::path database_dir;   // $XDG_DATA_HOME/sandbox/db
};

Result<PortalPaths> portal_paths();

class PortalService {
  public:
    static Result<std::unique_ptr<PortalService>> start(sdbus::IConnection& bus,
                                                        const PortalPaths& paths);
    PortalService(const PortalService&) = delete;
    PortalService& operator=(const PortalService&) = delete;
    ~PortalService();

    static constexpr const char* kDesktopName = "org.freedesktop.portal.Desktop";
    static constexpr const char* kDocumentsName = "org.freedesktop.portal.Documents";

  private:
    struct Parts;
    explicit PortalService(std::unique_ptr<Parts> parts);

    std::unique_ptr<Parts> parts_;
};

}  // namespace sandbox::portals

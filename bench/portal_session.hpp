#pragma once

// One portal's session for portal-bench: a private dbus-daemon on which the frontend's three
// names are activatable (ours or Debian's), the tests' scripted backend (portal-test-backend,
// named in XDG_DESKTOP_PORTAL_DIR/test.portal, XDG_CURRENT_DESKTOP=test), HOME and the XDG dirs
// in a directory of its own, and a default handler for https whose Exec is /bin/true. Everything
// is stopped on destruction: the backend, then the bus (the services it activated end with it).

#include <gio/gio.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "portal/support/portal_files.hpp"
#include "session/support/private_bus.hpp"

namespace sandbox::bench {

enum class Frontend { Ours, Debian };

std::string name_of(Frontend frontend);

// This build's sandbox-portal.
std::filesystem::path default_portal();

class PortalSession {
  public:
    // Throws std::runtime_error when something does not start. `our_portal` serves the three
    // names for Frontend::Ours.
    PortalSession(Frontend frontend, const std::filesystem::path& dir,
                  const std::filesystem::path& our_portal);
    PortalSession(const PortalSession&) = delete;
    PortalSession& operator=(const PortalSession&) = delete;
    ~PortalSession();

    // A connection of this process (a host app) to the session's bus.
    [[nodiscard]] GDBusConnection* connection() const { return connection_; }
    // The process owning org.freedesktop.portal.Desktop (activating it if need be).
    [[nodiscard]] pid_t portal_pid() const;
    // A file of the session's HOME that the backend's FileChooser returns.
    [[nodiscard]] const std::filesystem::path& chosen_file() const { return chosen_file_; }
    // The backend's calls so far, by "Interface.Method" (its log's first column).
    [[nodiscard]] std::size_t backend_calls(const std::string& member) const;

  private:
    void write_files();
    [[nodiscard]] std::vector<std::string> environment() const;
    void start_backend();

    Frontend frontend_;
    std::filesystem::path dir_;
    std::filesystem::path our_portal_;
    std::filesystem::path chosen_file_;
    std::unique_ptr<test::ChildProcess> backend_;
    std::unique_ptr<test::PrivateBus> bus_;
    GDBusConnection* connection_ = nullptr;
};

}  // namespace sandbox::bench

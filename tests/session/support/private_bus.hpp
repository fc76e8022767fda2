#pragma once

// A private dbus-daemon for tests (tests/session, tests/dbus, tests/flatpak): run as the test
// user, with a config of the test's own, listening on a socket in a directory of the test's.

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test {

// Stopped (SIGTERM, then reaped) on destruction.
class PrivateBus {
  public:
    // A bus whose policy allows everything (eavesdropping, monitoring, owning any name), so that
    // whatever an app is refused is the proxy's doing. The tests also use it as a system or
    // accessibility bus: xdg-dbus-proxy treats every bus alike.
    static std::unique_ptr<PrivateBus> start_session(const std::filesystem::path& dir);
    // The system bus as Debian configures it, minus what needs root or a service manager: no
    // <user>, <fork/>, <pidfile>, <syslog/>, activation helper or system service dirs. Debian's
    // flatpak asks it about parental controls when it installs an app.
    static std::unique_ptr<PrivateBus> start_system(const std::filesystem::path& dir);

    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    ~PrivateBus();

    [[nodiscard]] const std::string& address() const { return address_; }  // "unix:path=…,guid=…"
    [[nodiscard]] const std::filesystem::path& socket() const { return socket_; }

  private:
    PrivateBus(const std::filesystem::path& config, std::filesystem::path socket);

    std::unique_ptr<ChildProcess> daemon_;
    std::string address_;
    std::filesystem::path socket_;
};

}  // namespace sandbox::test

#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test::flatpak {

// A dbus-daemon of the test user's, listening on a socket in a directory of the test's, stopped
// (and reaped) on destruction.
class PrivateBus {
  public:
    // The system bus as Debian configures it, minus what needs root or a service manager: no
    // <user>, <fork/>, <pidfile>, <syslog/>, activation helper or system service dirs. Debian's
    // flatpak asks it about parental controls when it installs an app.
    static std::unique_ptr<PrivateBus> start_system(const std::filesystem::path& dir);
    // A session bus with no activatable services, so that flatpak starts its D-Bus proxies (through
    // FLATPAK_BWRAP) but no portal or session helper gets activated.
    static std::unique_ptr<PrivateBus> start_session(const std::filesystem::path& dir);

    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    ~PrivateBus();

    [[nodiscard]] const std::string& address() const { return address_; }

  private:
    explicit PrivateBus(const std::filesystem::path& config);

    std::unique_ptr<ChildProcess> daemon_;
    std::string address_;
};

}  // namespace sandbox::test::flatpak

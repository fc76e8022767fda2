#pragma once

// A private dbus-daemon for tests (tests/session, tests/dbus, tests/flatpak): run as the test
// user, with a config of the test's own, listening on a socket in a directory of the test's.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/command.hpp"

namespace sandbox::test {

struct SessionBusOptions {
    // <servicedir>s: the names of the .service files there are started on demand (activation).
    // The host's standard service dirs are never searched.
    std::vector<std::filesystem::path> service_dirs;
    // The daemon's environment, hence the one the services it activates run with; unset: ours.
    std::optional<std::vector<std::string>> environment;
};

// Stopped (SIGTERM, then reaped) on destruction.
class PrivateBus {
  public:
    // A bus whose policy allows everything (eavesdropping, monitoring, owning any name), so that
    // whatever an app is refused is the proxy's doing. The tests also use it as a system or
    // accessibility bus: xdg-dbus-proxy treats every bus alike.
    static std::unique_ptr<PrivateBus> start_session(const std::filesystem::path& dir,
                                                     const SessionBusOptions& options = {});
    // The system bus as Debian configures it, minus what needs root or a service manager: no
    // <user>, <fork/>, <pidfile>, <syslog/>, activation helper or system service dirs. Debian's
    // flatpak asks it about parental controls when it installs an app.
    static std::unique_ptr<PrivateBus> start_system(const std::filesystem::path& dir);

    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    ~PrivateBus();

    [[nodiscard]] const std::string& address() const { return address_; }  // "unix:path=…,guid=…"
    [[nodiscard]] const std::filesystem::path& socket() const { return socket_; }
    // The daemon's pid: the services it activated are its children (until it ends).
    [[nodiscard]] pid_t pid() const { return daemon_->pid(); }
    // The socket's address before the daemon runs: what an activation environment can name.
    static std::string address_of(const std::filesystem::path& dir);

  private:
    PrivateBus(const std::filesystem::path& config, std::filesystem::path socket,
               const CommandOptions& options);

    std::unique_ptr<ChildProcess> daemon_;
    std::string address_;
    std::filesystem::path socket_;
};

}  // namespace sandbox::test

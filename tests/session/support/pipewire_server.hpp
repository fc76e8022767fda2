#pragma once

// A private PipeWire daemon for the session tests: run as the test user with a config of the
// test's own (the native protocol and the access module only: no session manager, no D-Bus), its
// socket in a directory of the test's.

#include <filesystem>
#include <memory>

#include "support/command.hpp"

namespace sandbox::test {

// Stopped (SIGTERM, then reaped) on destruction; its socket, lock file and config are removed.
class PipewireServer {
  public:
    // Returns once DIR/pipewire-0 accepts connections. The access module does what it does on a
    // desktop: a client on the host gets every permission; a client it takes for Flatpak's (it
    // finds /.flatpak-info in /proc/PID/root) is marked pipewire.access=flatpak and gets none
    // until a session manager grants some (here, `pw-cli permissions` from the host).
    static std::unique_ptr<PipewireServer> start(const std::filesystem::path& dir);

    PipewireServer(const PipewireServer&) = delete;
    PipewireServer& operator=(const PipewireServer&) = delete;
    ~PipewireServer();

    [[nodiscard]] std::filesystem::path socket() const { return dir_ / "pipewire-0"; }

  private:
    explicit PipewireServer(std::filesystem::path dir);

    std::filesystem::path dir_;
    std::unique_ptr<ChildProcess> daemon_;
};

}  // namespace sandbox::test

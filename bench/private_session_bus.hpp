#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// A session bus of the benchmark's own: dbus-daemon with a session policy, listening on a socket
// in `dir` (not $XDG_RUNTIME_DIR/bus, so that runs without DBUS_SESSION_BUS_ADDRESS find no bus).
// Nothing can be started on it by activation except, with `accessibility`, the accessibility bus
// (at-spi-bus-launcher), as on a desktop. Stopped on destruction; what it activated exits with it.
class PrivateSessionBus {
  public:
    static Result<PrivateSessionBus> start(const std::filesystem::path& dir, bool accessibility);
    PrivateSessionBus(PrivateSessionBus&& other) noexcept;
    PrivateSessionBus& operator=(PrivateSessionBus&&) = delete;
    PrivateSessionBus(const PrivateSessionBus&) = delete;
    PrivateSessionBus& operator=(const PrivateSessionBus&) = delete;
    ~PrivateSessionBus();

    [[nodiscard]] const std::string& address() const { return address_; }

  private:
    PrivateSessionBus(pid_t pid, std::string address) : pid_(pid), address_(std::move(address)) {}
    pid_t pid_;
    std::string address_;
};

}  // namespace sandbox::bench

#pragma once

// A D-Bus connection on a raw unix socket: bytes out (with fds by SCM_RIGHTS), and lines of the
// authentication phase or whole messages in. No D-Bus library is involved, so a test chooses
// every byte the bus (or the proxy in front of it) sees.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"
#include "wire.hpp"

namespace raw_dbus {

class Connection {
  public:
    // `address`: unix:path=… (the first such entry of a D-Bus address). Throws
    // std::runtime_error when it cannot connect.
    explicit Connection(const std::string& address);

    // All of `bytes`; `fds` ride with the first byte. False when the peer closed.
    bool send(const std::string& bytes, const std::vector<int>& fds = {});
    // One line without its \r\n; nothing when the peer closed or the time ran out.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    // Skips authentication-phase lines ahead of the next message (each one in `skipped`).
    std::optional<Message> read_message(std::chrono::milliseconds timeout,
                                        std::vector<std::string>* skipped = nullptr);

  private:
    bool fill(std::chrono::steady_clock::time_point deadline);

    sandbox::UniqueFd socket_;
    std::string inbox_;
};

}  // namespace raw_dbus

#pragma once

// A private PulseAudio server for the session tests: run as the test user, reading no user or
// system configuration, with one null sink, its native socket where the test says.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test {

inline constexpr const char* kNullSink = "sandbox_null";

// Stopped (SIGTERM, then reaped) on destruction; its socket and state directory are removed.
class PulseServer {
  public:
    // Returns once `socket` accepts connections. Shared memory stays allowed on the server's side,
    // so the log shows whether a client turned it off ("Negotiated SHM: no").
    static std::unique_ptr<PulseServer> start(const std::filesystem::path& socket,
                                              const std::filesystem::path& state_dir);

    PulseServer(const PulseServer&) = delete;
    PulseServer& operator=(const PulseServer&) = delete;
    ~PulseServer();

    // The server's debug log so far.
    [[nodiscard]] std::string log() const;

  private:
    PulseServer(std::filesystem::path socket, std::filesystem::path state_dir);

    std::filesystem::path socket_;
    std::filesystem::path state_dir_;
    std::unique_ptr<ChildProcess> daemon_;
};

// Whether a unix socket at `path` accepts a connection within `timeout` (polled); false at once
// if `server` has exited.
bool wait_until_listening(const std::filesystem::path& path, ChildProcess& server,
                          std::chrono::milliseconds timeout);

}  // namespace sandbox::test

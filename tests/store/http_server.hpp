#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test::store {

// A real web server (python3's http.server) serving `root` on 127.0.0.1 at a free port, for as
// long as this object lives.
class HttpServer {
  public:
    enum class Stall {
        Never,
        Always,         // accepts connections, reads requests and never answers
        OnObjectFiles,  // serves all but objects/…, which it never answers: a pull that stops
    };

    explicit HttpServer(const std::filesystem::path& root, Stall stall = Stall::Never);
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;
    ~HttpServer();

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // Kills the server: the remote is then down.
    void stop();

  private:
    int port_ = 0;
    std::unique_ptr<ChildProcess> process_;
};

}  // namespace sandbox::test::store

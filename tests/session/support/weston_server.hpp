#pragma once

// weston's headless backend as a test's Wayland compositor: listening in the test's runtime
// dir, stopped (and its socket gone) when this object goes away.

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test {

class WestonServer {
  public:
    // Starts weston on RUNTIME_DIR/`socket_name` and waits until the socket is there; on failure
    // the test fails (ADD_FAILURE) with weston's log and ready() is false. Headless by default;
    // `x11_display` (with its Xauthority) runs it in a window of that X server instead, which
    // gives it a seat: clients there get keyboard focus, as clipboard tools need.
    WestonServer(const std::filesystem::path& runtime_dir, const std::filesystem::path& log_dir,
                 std::string socket_name = "wayland-test", const std::string& x11_display = "",
                 const std::filesystem::path& xauthority = {});
    WestonServer(const WestonServer&) = delete;
    WestonServer& operator=(const WestonServer&) = delete;
    ~WestonServer();

    [[nodiscard]] bool ready() const { return ready_; }
    // The value of WAYLAND_DISPLAY for clients on the host.
    [[nodiscard]] const std::string& socket_name() const { return socket_name_; }
    [[nodiscard]] std::filesystem::path socket_path() const { return runtime_dir_ / socket_name_; }

  private:
    std::filesystem::path runtime_dir_;
    std::filesystem::path log_;
    std::string socket_name_;
    std::unique_ptr<ChildProcess> process_;
    bool ready_ = false;
};

}  // namespace sandbox::test

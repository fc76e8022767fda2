#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/dbus_proxy/bus_proxy.hpp"
#include "session/support/gdbus_call.hpp"
#include "session/support/private_bus.hpp"
#include "session/support/test_bus_service.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test::dbus {
inline constexpr const char* kAppId = "org.example.App";
inline constexpr const char* kInstanceId = "7";
inline constexpr const char* kTestPath = "/org/example/Test";
inline constexpr const char* kDriver = "org.freedesktop.DBus";
inline constexpr const char* kDriverPath = "/org/freedesktop/DBus";

// `gdbus call` with `bus` ("--session", "--system" or "--address=…").
std::vector<std::string> gdbus_call(const std::string& bus, const std::string& dest,
                                    const std::string& path, const std::string& method,
                                    const std::vector<std::string>& args = {});

// A private session bus with org.example.Granted and org.example.Hidden on it (dbus-test-service)
// and a way to run commands in an app sandbox that reaches the bus through a BusProxy only.
class ProxyTest : public SandboxTest {
  protected:
    void SetUp() override;
    void TearDown() override;

    // Proxies the private bus with the session defaults for kAppId plus talk to
    // org.example.Granted and see org.example.Seen.
    [[nodiscard]] dbus_proxy::BusProxyConfig session_config() const;
    // Starts proxy_ (a test failure when it cannot).
    void start_proxy(const dbus_proxy::BusProxyConfig& config);

    // `command` in an app sandbox (host /usr read-only, every namespace unshared, the environment
    // cleared) given proxy_->app_view() and holding the proxy's sync fd as --sync-fd.
    CommandResult run_in_app(const std::vector<std::string>& command);
    // The app sandbox's argv with its sync fd at `sync_fd` in the launcher's process.
    std::vector<std::string> app_command(int sync_fd,
                                         const std::vector<std::string>& command) const;
    CommandResult call_in_app(const std::string& dest, const std::string& path,
                              const std::string& method, const std::vector<std::string>& args = {});
    // The same call straight on the private bus, from the host: the control.
    CommandResult call_directly(const std::string& dest, const std::string& path,
                                const std::string& method,
                                const std::vector<std::string>& args = {});

    std::unique_ptr<PrivateBus> bus_;
    std::vector<std::unique_ptr<ChildProcess>> services_;
    std::optional<dbus_proxy::BusProxy> proxy_;
};

}  // namespace sandbox::test::dbus

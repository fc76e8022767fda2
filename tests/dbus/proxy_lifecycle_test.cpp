// The proxy's life: it is listening when start() returns, ends with the sandbox that holds its
// sync fd, serves several buses from one process, and fails to start with one clear line.
#include <gmock/gmock.h>
#include <sys/stat.h>

#include <filesystem>

#include "proxy_fixture.hpp"
#include "sandbox/dbus_proxy/defaults.hpp"

namespace sandbox::test::dbus {
namespace {

using dbus_proxy::Bus;
using dbus_proxy::BusAccess;
using dbus_proxy::BusProxy;
using ::testing::HasSubstr;

class ProxyLifecycle : public ProxyTest {};

TEST_F(ProxyLifecycle, ProxyEndsWithTheSandboxHoldingItsSyncFd) {
    start_proxy(session_config());
    const std::string socket = proxy_->socket_path(Bus::Session);
    ASSERT_TRUE(std::filesystem::exists(socket));
    UniqueFd sync = proxy_->release_sync_fd();
    EXPECT_FALSE(proxy_->wait_for_exit(std::chrono::milliseconds(300)))
        << "the proxy ended while its sync fd was still open";

    const int in_launcher = 3;
    CommandOptions options;
    options.extra_fds = {{sync.get(), in_launcher}};
    ChildProcess app(app_command(in_launcher, gdbus_call("--session", "org.example.Granted",
                                                         kTestPath, "org.example.Test.Ping")),
                     options);
    sync.reset();  // now only the app's sandbox holds it
    CommandResult result = app.finish(std::chrono::seconds(30));
    EXPECT_EQ(result.out, "('pong',)\n") << result.err;

    EXPECT_TRUE(proxy_->wait_for_exit(std::chrono::seconds(10)))
        << "the proxy outlived the app's sandbox";
    EXPECT_FALSE(std::filesystem::exists(socket)) << "the proxy left its socket behind";
}

TEST_F(ProxyLifecycle, StopEndsTheProxyAndRemovesItsSocket) {
    start_proxy(session_config());
    const std::string socket = proxy_->socket_path(Bus::Session);
    ASSERT_TRUE(std::filesystem::exists(socket));
    const auto before = std::chrono::steady_clock::now();
    proxy_->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(1));
    EXPECT_FALSE(std::filesystem::exists(socket));
    // The fixture's tear-down checks that no process of the proxy is left.
}

TEST_F(ProxyLifecycle, SpawnThenWaitIsStartInTwoSteps) {
    auto spawned = BusProxy::spawn(session_config());
    ASSERT_TRUE(spawned.ok()) << spawned.error().message();
    proxy_.emplace(std::move(*spawned));
    Status ready = proxy_->wait_until_ready();
    ASSERT_TRUE(ready.ok()) << ready.error().message();
    EXPECT_TRUE(proxy_->wait_until_ready().ok());
    EXPECT_EQ(call_in_app("org.example.Granted", kTestPath, "org.example.Test.Ping").out,
              "('pong',)\n");
}

TEST_F(ProxyLifecycle, OneProxyServesTheSessionAndSystemBuses) {
    auto system_bus = PrivateBus::start_session(scratch() / "system");
    auto system_service = start_test_service(system_bus->address(), "org.example.SystemService");
    auto hidden_system_service = start_test_service(system_bus->address(), "org.example.Hidden");
    dbus_proxy::BusProxyConfig config = session_config();
    dbus_proxy::BusPolicy system_policy;
    system_policy.names = {{"org.example.SystemService", BusAccess::Talk}};
    config.buses.push_back({Bus::System, system_bus->address(), system_policy, false});
    start_proxy(config);

    CommandResult system_call = run_in_app(
        gdbus_call("--system", "org.example.SystemService", kTestPath, "org.example.Test.WhoAmI"));
    EXPECT_EQ(system_call.status, 0) << system_call.err;
    EXPECT_THAT(system_call.out, HasSubstr("name=org.example.App"));
    EXPECT_TRUE(refused_with(run_in_app(gdbus_call("--system", "org.example.Hidden", kTestPath,
                                                   "org.example.Test.Ping")),
                             {"ServiceUnknown", "NameHasNoOwner"}));
    CommandResult session_call =
        call_in_app("org.example.Granted", kTestPath, "org.example.Test.Ping");
    EXPECT_EQ(session_call.out, "('pong',)\n") << session_call.err;
    proxy_.reset();
    system_service.reset();
    hidden_system_service.reset();
}

::testing::AssertionResult fails_with(const Result<BusProxy>& started, const std::string& text) {
    if (started.ok()) return ::testing::AssertionFailure() << "the proxy started";
    const std::string message = started.error().message();
    if (message.find(text) == std::string::npos || message.find('\n') != std::string::npos)
        return ::testing::AssertionFailure() << "message: " << message;
    return ::testing::AssertionSuccess() << message;
}

TEST_F(ProxyLifecycle, MissingProxyIsOneLine) {
    dbus_proxy::BusProxyConfig config = session_config();
    config.program = "xdg-dbus-proxy-not-installed";
    EXPECT_TRUE(fails_with(BusProxy::start(config), "is not installed"));
}

TEST_F(ProxyLifecycle, UnreachableBusIsOneLine) {
    dbus_proxy::BusProxyConfig config = session_config();
    config.buses[0].address = "unix:path=" + (scratch() / "no-bus-here").string();
    EXPECT_TRUE(fails_with(BusProxy::start(config), "Can't reach the session bus at"));
    EXPECT_TRUE(fails_with(BusProxy::start(config), "No such file or directory"));
}

TEST_F(ProxyLifecycle, HostilePolicyStartsNothing) {
    dbus_proxy::BusProxyConfig config = session_config();
    config.buses[0].policy.names.emplace("org.example.X\n--own=org.freedesktop.secrets",
                                         BusAccess::Talk);
    EXPECT_TRUE(fails_with(BusProxy::start(config), "Invalid D-Bus name"));
    EXPECT_FALSE(std::filesystem::exists(scratch() / "proxy"));
}

TEST_F(ProxyLifecycle, ProxyExitingEarlyIsOneLine) {
    dbus_proxy::BusProxyConfig config = session_config();
    config.program = "/usr/bin/false";
    EXPECT_TRUE(
        fails_with(BusProxy::start(config), "exited with status 1 before it was listening"));
}

TEST_F(ProxyLifecycle, ProxyNeverListeningTimesOut) {
    const auto script = scratch() / "silent-proxy";
    write_file(script, "#!/bin/sh\nexec sleep 60\n");
    ::chmod(script.c_str(), 0755);
    dbus_proxy::BusProxyConfig config = session_config();
    config.program = script.string();
    config.ready_timeout = std::chrono::milliseconds(1000);
    EXPECT_TRUE(fails_with(BusProxy::start(config), "did not start listening within 1000 ms"));
}

}  // namespace
}  // namespace sandbox::test::dbus

#include "proxy_fixture.hpp"

#include <unistd.h>

#include <filesystem>

#include "sandbox/dbus_proxy/defaults.hpp"
#include "sandbox/dbus_proxy/flatpak_info.hpp"
#include "support/test_user.hpp"

namespace sandbox::test::dbus {
namespace {

namespace fs = std::filesystem;
using dbus_proxy::Bus;
using dbus_proxy::BusAccess;

constexpr int kSyncFdInLauncher = 3;

// The host's usr-merge links (/bin -> usr/bin…), recreated so that /bin/sh and the loader's
// /lib64 path work in the app sandbox.
std::vector<std::string> usr_merge_links() {
    std::vector<std::string> args;
    for (const char* path : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        std::error_code error;
        if (fs::is_symlink(path, error))
            args.insert(args.end(), {"--symlink", fs::read_symlink(path).string(), path});
    }
    return args;
}

std::vector<std::string> bus_view_args(const dbus_proxy::AppBusView& view) {
    std::vector<std::string> args;
    for (const auto& op : view.mounts) {
        if (const auto* link = std::get_if<launcher::MakeSymlink>(&op)) {
            args.insert(args.end(), {"--symlink", link->target, link->dest});
            continue;
        }
        const auto& bind = std::get<launcher::BindMount>(op);
        args.insert(args.end(),
                    {"--ro-bind", std::get<launcher::HostPath>(bind.source).path, bind.dest});
    }
    for (const std::string& entry : view.environment) {
        const std::size_t equals = entry.find('=');
        args.insert(args.end(), {"--setenv", entry.substr(0, equals), entry.substr(equals + 1)});
    }
    return args;
}

}  // namespace

std::vector<std::string> gdbus_call(const std::string& bus, const std::string& dest,
                                    const std::string& path, const std::string& method,
                                    const std::vector<std::string>& args) {
    std::vector<std::string> argv{"gdbus"};
    for (std::string& arg : gdbus_call_arguments(bus, dest, path, method, args))
        argv.push_back(std::move(arg));
    return argv;
}

void ProxyTest::SetUp() {
    SandboxTest::SetUp();
    require_executable({DBUS_TEST_SERVICE, "/usr/bin/gdbus", "/usr/bin/dbus-daemon"});
    bus_ = PrivateBus::start_session(scratch() / "session");
    services_.push_back(start_test_service(bus_->address(), "org.example.Granted"));
    services_.push_back(start_test_service(bus_->address(), "org.example.Hidden"));
}

void ProxyTest::TearDown() {
    // Before the base class checks that no process of the test is left.
    proxy_.reset();
    services_.clear();
    bus_.reset();
    SandboxTest::TearDown();
}

dbus_proxy::BusProxyConfig ProxyTest::session_config() const {
    dbus_proxy::BusPolicy granted;
    granted.names = {{"org.example.Granted", BusAccess::Talk},
                     {"org.example.Seen", BusAccess::See}};
    auto policy = dbus_proxy::effective_bus_policy(Bus::Session, kAppId, granted);
    auto info = dbus_proxy::minimal_flatpak_info(kAppId, kInstanceId);
    EXPECT_TRUE(policy.ok() && info.ok());
    dbus_proxy::BusProxyConfig config;
    config.buses.push_back({Bus::Session, bus_->address(), *policy, false});
    config.socket_dir = (scratch() / "proxy").string();
    config.flatpak_info = *info;
    return config;
}

void ProxyTest::start_proxy(const dbus_proxy::BusProxyConfig& config) {
    auto proxy = dbus_proxy::BusProxy::start(config);
    ASSERT_TRUE(proxy.ok()) << proxy.error().message();
    proxy_.emplace(std::move(*proxy));
}

std::vector<std::string> ProxyTest::app_command(int sync_fd,
                                                const std::vector<std::string>& command) const {
    std::vector<std::string> argv{launcher_path().string(), "--ro-bind", "/usr", "/usr"};
    for (const std::string& arg : usr_merge_links()) argv.push_back(arg);
    argv.insert(argv.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--unshare-all",
                             "--die-with-parent", "--clearenv", "--setenv", "PATH", "/usr/bin",
                             "--setenv", "HOME", "/tmp"});
    for (const std::string& arg : bus_view_args(proxy_->app_view(::getuid()))) argv.push_back(arg);
    if (sync_fd >= 0) argv.insert(argv.end(), {"--sync-fd", std::to_string(sync_fd)});
    argv.emplace_back("--");
    argv.insert(argv.end(), command.begin(), command.end());
    return argv;
}

CommandResult ProxyTest::run_in_app(const std::vector<std::string>& command) {
    CommandOptions options;
    options.extra_fds = {{proxy_->sync_fd(), kSyncFdInLauncher}};
    return run_command(app_command(kSyncFdInLauncher, command), options);
}

CommandResult ProxyTest::call_in_app(const std::string& dest, const std::string& path,
                                     const std::string& method,
                                     const std::vector<std::string>& args) {
    return run_in_app(gdbus_call("--session", dest, path, method, args));
}

CommandResult ProxyTest::call_directly(const std::string& dest, const std::string& path,
                                       const std::string& method,
                                       const std::vector<std::string>& args) {
    return run_command(gdbus_call("--address=" + bus_->address(), dest, path, method, args));
}

}  // namespace sandbox::test::dbus

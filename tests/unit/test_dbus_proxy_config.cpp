// dbus-proxy-config: policies, their defaults, name checks, addresses and the proxy's command
// line, as data.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/dbus_proxy/app_bus.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"
#include "sandbox/dbus_proxy/defaults.hpp"
#include "sandbox/dbus_proxy/flatpak_info.hpp"
#include "sandbox/dbus_proxy/proxy_arguments.hpp"
#include "sandbox/dbus_proxy/proxy_sandbox.hpp"
#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> arguments_for(const BusPolicy& policy) {
    auto arguments =
        proxy_arguments({"unix:path=/run/user/1000/bus", "/tmp/p/session-bus", policy});
    EXPECT_TRUE(arguments.ok()) << arguments.error().message();
    return arguments.ok() ? *arguments : std::vector<std::string>{};
}

TEST(DbusProxyConfig, SessionDefaultsAreFlatpaks) {
    auto policy = default_bus_policy(Bus::Session, "org.example.App");
    ASSERT_TRUE(policy.ok());
    EXPECT_THAT(
        arguments_for(*policy),
        ElementsAre("unix:path=/run/user/1000/bus", "/tmp/p/session-bus", "--filter",
                    "--own=org.example.App.*", "--own=org.mpris.MediaPlayer2.org.example.App.*",
                    "--call=org.freedesktop.portal.*=*",
                    "--broadcast=org.freedesktop.portal.*=@/org/freedesktop/portal/*"));
}

TEST(DbusProxyConfig, SystemDefaultsGiveNothingButTheFilter) {
    auto policy = default_bus_policy(Bus::System, "org.example.App");
    ASSERT_TRUE(policy.ok());
    EXPECT_THAT(arguments_for(*policy),
                ElementsAre("unix:path=/run/user/1000/bus", "/tmp/p/session-bus", "--filter"));
}

TEST(DbusProxyConfig, AccessibilityDefaultsAreTheAtSpiList) {
    auto policy = default_bus_policy(Bus::Accessibility, "org.example.App");
    ASSERT_TRUE(policy.ok());
    const auto arguments = arguments_for(*policy);
    ASSERT_GE(arguments.size(), 4u);
    EXPECT_EQ(arguments[2], "--filter");
    EXPECT_EQ(arguments[3], "--sloppy-names");
    const auto has = [&](const std::string& argument) {
        return std::find(arguments.begin(), arguments.end(), argument) != arguments.end();
    };
    EXPECT_TRUE(
        has("--call=org.a11y.atspi.Registry=org.a11y.atspi.Socket.Embed@/org/a11y/atspi/accessible/"
            "root"));
    EXPECT_TRUE(
        has("--call=org.a11y.atspi.Registry=org.a11y.atspi.DeviceEventController."
            "NotifyListenersAsync@/org/a11y/atspi/registry/deviceeventcontroller"));
    EXPECT_TRUE(
        has("--broadcast=org.a11y.atspi.Registry=org.a11y.atspi.Registry."
            "EventListenerDeregistered@/org/a11y/atspi/registry"));
    EXPECT_TRUE(has("--call=org.example.App.Sandboxed.*=org.a11y.atspi.Socket.Embedded"));
    EXPECT_EQ(policy->calls.size(), 8u);
    EXPECT_EQ(policy->broadcasts.size(), 2u);
    EXPECT_TRUE(policy->names.empty());
}

TEST(DbusProxyConfig, GrantsAddToTheDefaultsAndNoneIsLeftOut) {
    BusPolicy granted;
    granted.names = {{"org.example.Talk", BusAccess::Talk},
                     {"org.example.See", BusAccess::See},
                     {"org.example.Gone", BusAccess::None},
                     {"org.example.App.*", BusAccess::See}};  // never lowers a default
    auto policy = effective_bus_policy(Bus::Session, "org.example.App", granted);
    ASSERT_TRUE(policy.ok()) << policy.error().message();
    const auto arguments = arguments_for(*policy);
    EXPECT_THAT(arguments, ::testing::Contains("--talk=org.example.Talk"));
    EXPECT_THAT(arguments, ::testing::Contains("--see=org.example.See"));
    EXPECT_THAT(arguments, ::testing::Contains("--own=org.example.App.*"));
    EXPECT_THAT(arguments, ::testing::Not(::testing::Contains(HasSubstr("org.example.Gone"))));
}

TEST(DbusProxyConfig, LogComesLast) {
    auto arguments = proxy_arguments({"unix:path=/b", "/s", {}, true});
    ASSERT_TRUE(arguments.ok());
    EXPECT_THAT(*arguments, ElementsAre("unix:path=/b", "/s", "--filter", "--log"));
}

TEST(DbusProxyConfig, ProcessArgumentsStartWithTheSyncFdThenEachBus) {
    auto arguments = proxy_process_arguments(
        7, {{"unix:path=/a", "/d/session-bus", {}}, {"unix:path=/b", "/d/system-bus", {}}});
    ASSERT_TRUE(arguments.ok());
    EXPECT_THAT(*arguments, ElementsAre("--fd=7", "unix:path=/a", "/d/session-bus", "--filter",
                                        "unix:path=/b", "/d/system-bus", "--filter"));
    EXPECT_EQ(args_file_content({"--fd=7", "x"}), std::string("--fd=7\0x\0", 9));
    EXPECT_FALSE(proxy_process_arguments(7, {}).ok());
    EXPECT_FALSE(proxy_process_arguments(-1, {{"unix:path=/a", "/s", {}}}).ok());
}

TEST(DbusProxyConfig, AcceptsPlainAndWildcardNames) {
    for (const char* name : {"org.example.Name", "org.example.*", "org.mpris.MediaPlayer2.a-b_c",
                             "_x.y", "a.b", "org.example.Name2"})
        EXPECT_TRUE(check_bus_name(name).ok()) << name;
}

TEST(DbusProxyConfig, RejectsHostileNames) {
    const std::string long_name = "org." + std::string(260, 'a');
    for (const std::string& name :
         {std::string(""), std::string("*"), std::string("org"), std::string("org.*"),
          std::string(":1.42"), std::string(".org.example"), std::string("org..example"),
          std::string("org.example."), std::string("org.1example"), std::string("org.example.*.*"),
          std::string("org.exa*mple"), std::string("org.example=*"), std::string("--talk=org.x"),
          std::string("org.example\n[Application]"), std::string("org.example\0x.y", 15),
          std::string("org.ex ample"), std::string("org.exämple"), long_name}) {
        Status status = check_bus_name(name);
        ASSERT_FALSE(status.ok()) << name;
        EXPECT_THAT(status.error().message(), HasSubstr("Invalid D-Bus name"));
    }
}

TEST(DbusProxyConfig, ErrorsShowUnprintableBytesEscaped) {
    Status status = check_bus_name("org.evil\n\x1b[2J");
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(status.error().message(), HasSubstr("\"org.evil\\x0a\\x1b[2J\""));
    EXPECT_EQ(status.error().message().find('\n'), std::string::npos);
}

TEST(DbusProxyConfig, PolicyWithAHostileNameGivesNoArguments) {
    BusPolicy granted;
    granted.names.emplace(std::string("org.a\0--own=org.b", 17), BusAccess::Talk);
    EXPECT_FALSE(effective_bus_policy(Bus::Session, "org.example.App", granted).ok());
    EXPECT_FALSE(proxy_arguments({"unix:path=/b", "/s", granted}).ok());
}

TEST(DbusProxyConfig, ChecksRules) {
    for (const char* rule : {"*", "", "org.example.Iface", "org.example.Iface.*",
                             "org.example.Iface.Method@/org/example", "@/org/example/*", "*@/",
                             "org.example.Iface@/org/ex_ample/a1"})
        EXPECT_TRUE(check_rule(rule).ok()) << rule;
    for (const char* rule : {"org..x", "@org/example", "@/org//x", "@/org/x/", "org.x@/a@/b",
                             "org.x y", "@/org/*/x", "1org.x"})
        EXPECT_FALSE(check_rule(rule).ok()) << rule;
    BusPolicy policy;
    policy.calls = {{"org.example.*", "org.example.X\n"}};
    EXPECT_FALSE(check_policy(policy).ok());
}

TEST(DbusProxyConfig, RejectsBadAppIdsAndAddresses) {
    EXPECT_FALSE(default_bus_policy(Bus::Session, "org.example.*").ok());
    EXPECT_FALSE(default_bus_policy(Bus::Session, "org.example.App\n[Context]").ok());
    EXPECT_FALSE(proxy_arguments({"--log", "/s", {}}).ok());
    EXPECT_FALSE(proxy_arguments({"", "/s", {}}).ok());
    EXPECT_FALSE(proxy_arguments({"unix:path=/b", "relative", {}}).ok());
    EXPECT_FALSE(proxy_arguments({std::string("unix:path=/b\0x", 14), "/s", {}}).ok());
}

TEST(DbusProxyConfig, AccessWordsRoundTrip) {
    for (BusAccess access : {BusAccess::None, BusAccess::See, BusAccess::Talk, BusAccess::Own})
        EXPECT_EQ(parse_bus_access(bus_access_name(access)), access);
    EXPECT_FALSE(parse_bus_access("Talk").has_value());
}

TEST(DbusProxyConfig, ParsesBusAddresses) {
    auto address = parse_bus_address("unix:path=/run/user/1000/bus,guid=0123");
    ASSERT_TRUE(address.ok());
    EXPECT_THAT(address->socket_paths, ElementsAre("/run/user/1000/bus"));
    EXPECT_FALSE(address->needs_host_network());

    address = parse_bus_address("unix:abstract=/tmp/dbus-x%2c1;unix:path=/a%20b;tcp:host=h,port=1");
    ASSERT_TRUE(address.ok());
    EXPECT_THAT(address->abstract_names, ElementsAre("/tmp/dbus-x,1"));
    EXPECT_THAT(address->socket_paths, ElementsAre("/a b"));
    EXPECT_TRUE(address->uses_tcp);
    EXPECT_TRUE(address->needs_host_network());
}

TEST(DbusProxyConfig, RejectsAddressesTheProxyCannotUse) {
    for (const char* address :
         {"", ";", "unix:tmpdir=/tmp", "unix:runtime=yes", "autolaunch:", "launchd:env=X",
          "unix:path=relative", "unix:path=/a%zz", "unix:path", "nonsense"})
        EXPECT_FALSE(parse_bus_address(address).ok()) << address;
}

TEST(DbusProxyConfig, FlatpakInfoNamesTheAppAndInstance) {
    auto info = minimal_flatpak_info("org.example.App", "1234");
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(*info, "[Application]\nname=org.example.App\n\n[Instance]\ninstance-id=1234\n");
    EXPECT_FALSE(minimal_flatpak_info("org.example.App", "1\n[Context]").ok());
    EXPECT_FALSE(minimal_flatpak_info("org.example.App\nx=y", "1").ok());
}

TEST(DbusProxyConfig, AppSeesEachBusWhereFlatpakPutsIt) {
    AppBusView view = app_bus_view(
        "/r", {{Bus::Session, "s"}, {Bus::System, "y"}, {Bus::Accessibility, "a"}}, 1000);
    using launcher::BindAccess;
    using launcher::BindMount;
    using launcher::HostPath;
    using launcher::MakeSymlink;
    using launcher::MountOp;
    EXPECT_THAT(
        view.mounts,
        ElementsAre(
            MountOp(BindMount{HostPath{"/r"}, "/run/sandbox/bus-proxy", BindAccess::ReadOnly}),
            MountOp(MakeSymlink{"/run/sandbox/bus-proxy/s", "/run/user/1000/bus"}),
            MountOp(MakeSymlink{"/run/sandbox/bus-proxy/y", "/run/dbus/system_bus_socket"}),
            MountOp(MakeSymlink{"/run/sandbox/bus-proxy/a", "/run/flatpak/at-spi-bus"})));
    EXPECT_THAT(view.environment,
                ElementsAre("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
                            "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/run/dbus/system_bus_socket",
                            "AT_SPI_BUS_ADDRESS=unix:path=/run/flatpak/at-spi-bus"));
}

TEST(DbusProxyConfig, ProxySandboxHasUsrTheSocketsAndTheInfoFile) {
    using namespace launcher;
    const LaunchPlan plan = proxy_sandbox_plan({
        .program = "/usr/bin/xdg-dbus-proxy",
        .socket_dir = "/run/user/1000/.sandbox/1/dbus-proxy",
        .bus_sockets = {"/run/user/1000/bus"},
        .share_network = false,
        .root_links = {MakeSymlink{"usr/bin", "/bin"}},
        .info_fd = 10,
        .args_fd = 11,
        .sync_fd = 12,
        .seccomp = {},
    });
    EXPECT_THAT(plan.argv, ElementsAre("/usr/bin/xdg-dbus-proxy", "--args=11"));
    EXPECT_THAT(plan.mounts,
                ElementsAre(MountOp(BindMount{HostPath{"/usr"}, "/usr", BindAccess::ReadOnly}),
                            MountOp(MakeSymlink{"usr/bin", "/bin"}),
                            MountOp(BindMount{HostPath{"/run/user/1000/bus"}, "/run/user/1000/bus",
                                              BindAccess::ReadOnly}),
                            MountOp(BindMount{HostPath{"/run/user/1000/.sandbox/1/dbus-proxy"},
                                              "/run/user/1000/.sandbox/1/dbus-proxy",
                                              BindAccess::ReadWrite}),
                            MountOp(BindData{10, "/.flatpak-info", 0600, true})));
    EXPECT_TRUE(plan.namespaces.net && plan.namespaces.pid && plan.namespaces.ipc);
    EXPECT_TRUE(plan.die_with_parent);
    EXPECT_EQ(plan.fd_policy, FdPolicy::OnlyListed);
    EXPECT_THAT(plan.keep_fds, ElementsAre(11, 12));
    EXPECT_THAT(plan.consumed_fds, ElementsAre(10));
    EXPECT_TRUE(plan.seccomp.empty());
    EXPECT_TRUE(plan.environment.empty());
}

TEST(DbusProxyConfig, ProxySandboxBindsAProgramOutsideUsrAndSharesNetworkWhenAsked) {
    using namespace launcher;
    const LaunchPlan plan = proxy_sandbox_plan({.program = "/opt/proxy/xdg-dbus-proxy",
                                                .socket_dir = "/s",
                                                .bus_sockets = {},
                                                .share_network = true,
                                                .root_links = {},
                                                .info_fd = 3,
                                                .args_fd = 4,
                                                .sync_fd = 5,
                                                .seccomp = {{sock_filter{}}}});
    EXPECT_THAT(
        plan.mounts,
        ::testing::Contains(MountOp(BindMount{HostPath{"/opt/proxy/xdg-dbus-proxy"},
                                              "/opt/proxy/xdg-dbus-proxy", BindAccess::ReadOnly})));
    EXPECT_FALSE(plan.namespaces.net);
    EXPECT_EQ(plan.seccomp.size(), 1u);
}

}  // namespace
}  // namespace sandbox::dbus_proxy

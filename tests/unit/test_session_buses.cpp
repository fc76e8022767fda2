// plan_buses: the app's permissions and the host's buses → what the D-Bus proxy serves and which
// real buses are bound, checked as data.

#include <gtest/gtest.h>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/session_buses.hpp"

namespace sandbox::run {
namespace {

using dbus_proxy::Bus;
using dbus_proxy::BusAccess;
using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;

constexpr const char* kAppId = "org.test.App";
constexpr const char* kSession = "unix:path=/run/user/1000/bus";
constexpr const char* kSystem = "unix:path=/run/dbus/system_bus_socket";
constexpr const char* kA11y = "unix:path=/run/user/1000/at-spi/bus_0";

permissions::Context flags(const std::vector<std::string>& args) {
    permissions::Context context;
    std::size_t index = 0;
    while (index < args.size())
        EXPECT_TRUE(*permissions::take_permission_flag(args, index, context));
    return context;
}

SessionHost host() {
    SessionHost host;
    host.uid = 1000;
    host.app_id = kAppId;
    host.runtime_dir = "/run/user/1000";
    host.instance_dir = "/run/user/1000/.sandbox/1";
    host.flatpak_info = "[Application]\nname=org.test.App\n";
    return host;
}

HostBuses all_buses() {
    return HostBuses{kSession, kSystem, kA11y};
}

BusPlan plan(const std::vector<std::string>& args, const HostBuses& buses,
             const SessionHost& session_host = host()) {
    auto planned = plan_buses(flags(args), buses, session_host);
    EXPECT_TRUE(planned.ok()) << planned.error().message();
    return planned.ok() ? *planned : BusPlan{};
}

const dbus_proxy::ProxiedBus* proxied(const BusPlan& plan, Bus bus) {
    for (const auto& proxied_bus : plan.proxied)
        if (proxied_bus.bus == bus) return &proxied_bus;
    return nullptr;
}

BindMount read_only_bind(const std::string& source, const std::string& dest) {
    return BindMount{HostPath{source}, dest, BindAccess::ReadOnly};
}

TEST(PlanBuses, SessionBusGoesThroughTheProxyWithTheDefaults) {
    BusPlan planned = plan({}, HostBuses{kSession, "", ""});
    ASSERT_EQ(planned.proxied.size(), 1U);
    const dbus_proxy::ProxiedBus& session = planned.proxied.front();
    EXPECT_EQ(session.bus, Bus::Session);
    EXPECT_EQ(session.address, kSession);
    EXPECT_EQ(session.policy.names.at("org.test.App.*"), BusAccess::Own);
    EXPECT_EQ(session.policy.names.at("org.mpris.MediaPlayer2.org.test.App.*"), BusAccess::Own);
    EXPECT_FALSE(session.log);
    EXPECT_TRUE(planned.direct_mounts.empty());
    EXPECT_TRUE(planned.environment.empty());
    EXPECT_TRUE(planned.warnings.empty());
}

TEST(PlanBuses, GrantedNamesAreAddedToTheSessionPolicy) {
    BusPlan planned = plan({"--talk-name=org.example.Service", "--own-name=org.example.Owned",
                            "--no-talk-name=org.example.Gone"},
                           HostBuses{kSession, "", ""});
    const auto* session = proxied(planned, Bus::Session);
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(session->policy.names.at("org.example.Service"), BusAccess::Talk);
    EXPECT_EQ(session->policy.names.at("org.example.Owned"), BusAccess::Own);
    EXPECT_EQ(session->policy.names.at("org.example.Gone"), BusAccess::None);
}

TEST(PlanBuses, NoSessionBusOnTheHostMeansNoBusAtAll) {
    BusPlan planned = plan({"--talk-name=org.example.Service", "--system-talk-name=org.example.S"},
                           HostBuses{"", "", kA11y});
    EXPECT_TRUE(planned.proxied.empty());
    EXPECT_TRUE(planned.direct_mounts.empty());
    EXPECT_TRUE(planned.environment.empty());
}

TEST(PlanBuses, SocketSessionBusBindsTheRealBus) {
    BusPlan planned = plan({"--socket=session-bus"}, HostBuses{kSession, "", ""});
    EXPECT_EQ(proxied(planned, Bus::Session), nullptr);
    ASSERT_EQ(planned.direct_mounts.size(), 1U);
    EXPECT_EQ(std::get<BindMount>(planned.direct_mounts.front()),
              read_only_bind("/run/user/1000/bus", "/run/user/1000/bus"));
    EXPECT_EQ(planned.environment.at("DBUS_SESSION_BUS_ADDRESS"), "unix:path=/run/user/1000/bus");
}

TEST(PlanBuses, RealBusesAppearAtFlatpaksPlacesWhereverTheHostHasThem) {
    const HostBuses buses{"unix:path=/tmp/elsewhere/session,guid=0123",
                          "unix:path=/var/run/other/system", ""};
    BusPlan planned = plan({"--socket=session-bus", "--socket=system-bus"}, buses);
    ASSERT_EQ(planned.direct_mounts.size(), 2U);
    EXPECT_EQ(std::get<BindMount>(planned.direct_mounts[0]),
              read_only_bind("/tmp/elsewhere/session", "/run/user/1000/bus"));
    EXPECT_EQ(std::get<BindMount>(planned.direct_mounts[1]),
              read_only_bind("/var/run/other/system", "/run/dbus/system_bus_socket"));
    EXPECT_EQ(planned.environment.at("DBUS_SYSTEM_BUS_ADDRESS"),
              "unix:path=/run/dbus/system_bus_socket");
}

TEST(PlanBuses, AbstractRealBusNeedsTheNetwork) {
    const HostBuses buses{"unix:abstract=/tmp/dbus-XYZ", "", ""};
    BusPlan isolated = plan({"--socket=session-bus"}, buses);
    EXPECT_TRUE(isolated.direct_mounts.empty());
    EXPECT_TRUE(isolated.environment.empty());
    ASSERT_EQ(isolated.warnings.size(), 1U);
    EXPECT_NE(isolated.warnings.front().find("network"), std::string::npos);

    SessionHost networked = host();
    networked.network = true;
    BusPlan shared = plan({"--socket=session-bus"}, buses, networked);
    EXPECT_TRUE(shared.direct_mounts.empty());
    EXPECT_EQ(shared.environment.at("DBUS_SESSION_BUS_ADDRESS"), "unix:abstract=/tmp/dbus-XYZ");
    EXPECT_TRUE(shared.warnings.empty());
}

TEST(PlanBuses, SystemBusOnlyWithASystemPolicy) {
    EXPECT_EQ(proxied(plan({}, all_buses()), Bus::System), nullptr);
    BusPlan planned = plan({"--system-talk-name=org.freedesktop.UPower"}, all_buses());
    const auto* system = proxied(planned, Bus::System);
    ASSERT_NE(system, nullptr);
    EXPECT_EQ(system->address, kSystem);
    EXPECT_EQ(system->policy.names.at("org.freedesktop.UPower"), BusAccess::Talk);
    EXPECT_EQ(system->policy.names.count("org.test.App.*"), 0U);
}

TEST(PlanBuses, SocketSystemBusBindsTheRealOneInsteadOfProxying) {
    BusPlan planned =
        plan({"--socket=system-bus", "--system-talk-name=org.freedesktop.UPower"}, all_buses());
    EXPECT_EQ(proxied(planned, Bus::System), nullptr);
    EXPECT_EQ(planned.environment.at("DBUS_SYSTEM_BUS_ADDRESS"),
              "unix:path=/run/dbus/system_bus_socket");
}

TEST(PlanBuses, AccessibilityBusIsProxiedWithTheAtSpiRulesOnly) {
    BusPlan planned = plan({"--talk-name=org.example.Service"}, all_buses());
    const auto* a11y = proxied(planned, Bus::Accessibility);
    ASSERT_NE(a11y, nullptr);
    EXPECT_EQ(a11y->address, kA11y);
    EXPECT_TRUE(a11y->policy.sloppy_names);
    EXPECT_EQ(a11y->policy.names.count("org.example.Service"), 0U);
    ASSERT_FALSE(a11y->policy.calls.empty());
    for (const auto& rule : a11y->policy.calls)
        EXPECT_TRUE(rule.name == "org.a11y.atspi.Registry" ||
                    rule.name == "org.test.App.Sandboxed.*")
            << rule.name;
}

TEST(PlanBuses, AccessibilityBusEvenWithTheRealSessionBus) {
    BusPlan planned = plan({"--socket=session-bus"}, all_buses());
    ASSERT_EQ(planned.proxied.size(), 1U);
    EXPECT_EQ(planned.proxied.front().bus, Bus::Accessibility);
}

TEST(PlanBuses, HostileNameInAPolicyFails) {
    permissions::Context context;
    context.session_bus["org.x\n--own=org.freedesktop.secrets"] = permissions::BusPolicy::Talk;
    auto planned = plan_buses(context, all_buses(), host());
    ASSERT_FALSE(planned.ok());
    EXPECT_EQ(planned.error().message().find('\n'), std::string::npos);
    EXPECT_NE(planned.error().message().find("org.x"), std::string::npos);
}

TEST(PlanBuses, UnusableRealBusAddressFails) {
    auto planned =
        plan_buses(flags({"--socket=session-bus"}), HostBuses{"unix:tmpdir=/tmp", "", ""}, host());
    EXPECT_FALSE(planned.ok());
}

}  // namespace
}  // namespace sandbox::run

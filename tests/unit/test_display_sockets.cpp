// The display's plan: permissions and the host's facts (as data) → mounts, variables, warnings.

#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/run/display_sockets.hpp"
#include "sandbox/run/display_x11_name.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::MountOp;
using launcher::TmpfsMount;
using permissions::Socket;

constexpr uid_t kUid = 1000;
constexpr int kWaylandFd = 7;
constexpr int kX11Fd = 8;
const std::string kHostname = "workstation";

permissions::Context sockets(std::initializer_list<Socket> granted) {
    permissions::Context context;
    for (Socket socket : granted) context.sockets[socket] = true;
    return context;
}

XauthEntry cookie(std::uint16_t family, const std::string& address, const std::string& number,
                  const std::string& secret) {
    return XauthEntry{family, address, number, "MIT-MAGIC-COOKIE-1", secret};
}

// A host with a Wayland compositor and X server :3, and cookies for several displays and hosts.
DisplayHost full_host() {
    DisplayHost host;
    host.uid = kUid;
    host.hostname = kHostname;
    host.runtime_dir = "/run/user/1000";
    host.wayland_display = "wayland-1";
    host.wayland = HostSocket{"/run/user/1000/wayland-1", kWaylandFd};
    host.x11_display = ":3";
    host.x11 = HostSocket{"/tmp/.X11-unix/X3", kX11Fd};
    host.xauthority = {
        cookie(kXauthFamilyLocal, kHostname, "3", "secret-3"),
        cookie(kXauthFamilyLocal, kHostname, "4", "secret-4"),
        cookie(kXauthFamilyLocal, "otherhost", "3", "other-host"),
        cookie(0 /* Internet */, std::string("\x7f\x00\x00\x01", 4), "3", "internet"),
        cookie(kXauthFamilyWild, "", "3", "wild-3"),
    };
    return host;
}

DisplayHost without_wayland(DisplayHost host) {
    host.wayland.fd = -1;
    return host;
}

std::vector<BindMount> binds(const DisplayPlan& plan) {
    std::vector<BindMount> found;
    for (const MountOp& op : plan.mounts)
        if (const auto* bind = std::get_if<BindMount>(&op)) found.push_back(*bind);
    return found;
}

bool has(const DisplayPlan& plan, const std::string& variable) {
    return plan.environment.count(variable) != 0;
}

const BindMount kWaylandBind{InheritedFd{kWaylandFd}, "/run/user/1000/wayland-0",
                             BindAccess::ReadOnly};
const BindMount kX11Bind{InheritedFd{kX11Fd}, "/tmp/.X11-unix/X99", BindAccess::ReadOnly};

void expect_no_x11(const DisplayPlan& plan) {
    for (const BindMount& bind : binds(plan)) EXPECT_NE(bind.dest, "/tmp/.X11-unix/X99");
    EXPECT_FALSE(has(plan, "DISPLAY"));
    EXPECT_FALSE(has(plan, "XAUTHORITY"));
    EXPECT_FALSE(plan.xauthority.has_value());
}

TEST(DisplayPlan, NothingGrantedGivesNoSocketButHidesTheHostsXSockets) {
    DisplayPlan plan = plan_display({}, full_host());
    EXPECT_EQ(plan.mounts, std::vector<MountOp>{(TmpfsMount{"/tmp/.X11-unix", 01777, 0})});
    EXPECT_TRUE(plan.environment.empty());
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(DisplayPlan, WaylandBindsTheHostSocketAsWayland0) {
    DisplayPlan plan = plan_display(sockets({Socket::Wayland}), full_host());
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kWaylandBind});
    EXPECT_EQ(plan.environment,
              (std::map<std::string, std::string>{{"WAYLAND_DISPLAY", "wayland-0"}}));
    EXPECT_TRUE(plan.warnings.empty());
    expect_no_x11(plan);
}

TEST(DisplayPlan, WaylandAbsentOnTheHostIsLeftOutWithOneWarning) {
    DisplayPlan plan = plan_display(sockets({Socket::Wayland}), without_wayland(full_host()));
    EXPECT_TRUE(binds(plan).empty());
    EXPECT_TRUE(plan.environment.empty());
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("/run/user/1000/wayland-1"), std::string::npos);
}

TEST(DisplayPlan, X11BindsTheServersSocketAsDisplay99) {
    DisplayHost host = full_host();
    host.x11_display = ":3.1";
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kX11Bind});
    EXPECT_EQ(plan.environment.at("DISPLAY"), ":99.1");
    EXPECT_EQ(plan.environment.at("XAUTHORITY"), "/run/user/1000/Xauthority");
    EXPECT_FALSE(has(plan, "WAYLAND_DISPLAY"));
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(DisplayPlan, XauthorityHoldsOnlyThisMachinesCookiesForThisDisplayRenumbered) {
    DisplayPlan plan = plan_display(sockets({Socket::X11}), full_host());
    ASSERT_TRUE(plan.xauthority.has_value());
    EXPECT_EQ(*plan.xauthority,
              (std::vector<XauthEntry>{cookie(kXauthFamilyLocal, kHostname, "99", "secret-3"),
                                       cookie(kXauthFamilyWild, "", "99", "wild-3")}));
}

TEST(DisplayPlan, XauthorityEntryForAnyDisplayIsKept) {
    DisplayHost host = full_host();
    host.xauthority = {cookie(kXauthFamilyLocal, kHostname, "", "any")};
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    EXPECT_EQ(*plan.xauthority,
              std::vector<XauthEntry>{cookie(kXauthFamilyLocal, kHostname, "99", "any")});
}

TEST(DisplayPlan, NoMatchingCookieStillGivesAnEmptyXauthority) {
    DisplayHost host = full_host();
    host.xauthority = {cookie(kXauthFamilyLocal, kHostname, "4", "secret-4")};
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    ASSERT_TRUE(plan.xauthority.has_value());
    EXPECT_TRUE(plan.xauthority->empty());
    EXPECT_TRUE(has(plan, "XAUTHORITY"));
}

TEST(DisplayPlan, UnixPrefixIsTheLocalDisplay) {
    DisplayHost host = full_host();
    host.x11_display = "unix:3";
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kX11Bind});
    EXPECT_EQ(plan.environment.at("DISPLAY"), ":99.0");
}

TEST(DisplayPlan, X11AndWaylandTogetherGiveBoth) {
    DisplayPlan plan = plan_display(sockets({Socket::X11, Socket::Wayland}), full_host());
    EXPECT_EQ(binds(plan), (std::vector<BindMount>{kWaylandBind, kX11Bind}));
    EXPECT_TRUE(has(plan, "DISPLAY"));
    EXPECT_TRUE(has(plan, "WAYLAND_DISPLAY"));
}

TEST(DisplayPlan, FallbackX11IsIgnoredWhenTheAppGetsWayland) {
    DisplayPlan plan = plan_display(sockets({Socket::Wayland, Socket::FallbackX11}), full_host());
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kWaylandBind});
    expect_no_x11(plan);
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(DisplayPlan, FallbackX11WhenTheHostHasNoWayland) {
    DisplayPlan plan =
        plan_display(sockets({Socket::Wayland, Socket::FallbackX11}), without_wayland(full_host()));
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kX11Bind});
    EXPECT_EQ(plan.environment.at("DISPLAY"), ":99.0");
    EXPECT_FALSE(has(plan, "WAYLAND_DISPLAY"));
    EXPECT_TRUE(plan.warnings.empty());  // X11 was the way out the app asked for
}

TEST(DisplayPlan, FallbackX11WhenWaylandIsNotGranted) {
    DisplayPlan plan = plan_display(sockets({Socket::FallbackX11}), full_host());
    EXPECT_EQ(binds(plan), std::vector<BindMount>{kX11Bind});
    EXPECT_FALSE(has(plan, "WAYLAND_DISPLAY"));
}

TEST(DisplayPlan, TcpDisplayWithTheNetworkKeepsTheName) {
    DisplayHost host = full_host();
    host.x11_display = "localhost:3.0";
    host.x11.fd = -1;
    host.network = true;
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    EXPECT_TRUE(binds(plan).empty());
    EXPECT_EQ(plan.environment.at("DISPLAY"), "localhost:3.0");
    EXPECT_EQ(*plan.xauthority,
              (std::vector<XauthEntry>{cookie(kXauthFamilyLocal, kHostname, "3", "secret-3"),
                                       cookie(kXauthFamilyWild, "", "3", "wild-3")}));
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(DisplayPlan, TcpDisplayWithoutTheNetworkIsRefusedWithOneWarning) {
    DisplayHost host = full_host();
    host.x11_display = "localhost:3.0";
    host.x11.fd = -1;
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    expect_no_x11(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("--share=network"), std::string::npos);
}

TEST(DisplayPlan, MissingXSocketIsLeftOutWithOneWarning) {
    DisplayHost host = full_host();
    host.x11.fd = -1;
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    expect_no_x11(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("/tmp/.X11-unix/X3"), std::string::npos);
}

class HostileDisplay : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileDisplay, IsRefusedWithOneWarningAndNoMount) {
    DisplayHost host = full_host();
    host.x11_display = GetParam();
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    EXPECT_EQ(plan.mounts, std::vector<MountOp>{(TmpfsMount{"/tmp/.X11-unix", 01777, 0})});
    expect_no_x11(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_EQ(plan.warnings[0].find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(DisplayPlan, HostileDisplay,
                         ::testing::Values(":0/../../x", ":99999999999", "", ":", ":-1", ":+1",
                                           ": 0", ":0.", ":0.1.2", ":0x10", "/tmp/launch/:0",
                                           "host::0", "host/unix:0", "a b:0", ":1\n2",
                                           std::string(":1\0"
                                                       "2",
                                                       4),
                                           "[::1:0", ":0.999"));

TEST(DisplayPlan, ControlBytesInTheWarningAreEscaped) {
    DisplayHost host = full_host();
    host.x11_display = ":1\x1b[2J";
    DisplayPlan plan = plan_display(sockets({Socket::X11}), host);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_EQ(plan.warnings[0].find('\x1b'), std::string::npos);
    EXPECT_NE(plan.warnings[0].find("\\x1b"), std::string::npos);
}

TEST(DisplayName, AcceptedForms) {
    EXPECT_EQ(parse_x11_display(":0"), (X11Display{"", 0, 0}));
    EXPECT_EQ(parse_x11_display(":12.3"), (X11Display{"", 12, 3}));
    EXPECT_EQ(parse_x11_display("unix:5"), (X11Display{"", 5, 0}));
    EXPECT_EQ(parse_x11_display("localhost:10.0"), (X11Display{"localhost", 10, 0}));
    EXPECT_EQ(parse_x11_display("192.168.1.2:1"), (X11Display{"192.168.1.2", 1, 0}));
    EXPECT_EQ(parse_x11_display("[::1]:2"), (X11Display{"[::1]", 2, 0}));
    EXPECT_EQ(parse_x11_display(":59535"), (X11Display{"", kMaxX11DisplayNumber, 0}));
    EXPECT_EQ(parse_x11_display(":59536"), std::nullopt);
}

TEST(WaylandSocketPath, RelativeToTheRuntimeDirOrAbsolute) {
    EXPECT_EQ(wayland_socket_path("", "/run/user/1000"), "/run/user/1000/wayland-0");
    EXPECT_EQ(wayland_socket_path("wayland-1", "/run/user/1000"), "/run/user/1000/wayland-1");
    EXPECT_EQ(wayland_socket_path("/tmp/w", "/run/user/1000"), "/tmp/w");
    EXPECT_EQ(wayland_socket_path("../../tmp/w", "/run/user/1000"), std::nullopt);
    EXPECT_EQ(wayland_socket_path("..", "/run/user/1000"), std::nullopt);
}

TEST(DisplayPlan, WaylandNameOutsideTheRuntimeDirIsNamedInTheWarning) {
    DisplayHost host = without_wayland(full_host());
    host.wayland_display = "../x";
    host.wayland.path.clear();
    DisplayPlan plan = plan_display(sockets({Socket::Wayland}), host);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_NE(plan.warnings[0].find("\"../x\""), std::string::npos);
}

TEST(Xauthority, RoundTripsThroughLibXau) {
    std::vector<XauthEntry> entries = full_host().xauthority;
    entries.push_back(XauthEntry{kXauthFamilyLocal, "", "", "", ""});
    auto content = format_xauthority(entries);
    ASSERT_TRUE(content);
    auto parsed = parse_xauthority(*content);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, entries);
}

TEST(Xauthority, EmptyAndTruncatedFiles) {
    EXPECT_TRUE(parse_xauthority("")->empty());
    EXPECT_TRUE(format_xauthority({})->empty());
    auto content = format_xauthority({cookie(kXauthFamilyLocal, kHostname, "0", "secret")});
    auto parsed = parse_xauthority(content->substr(0, content->size() - 1));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->empty());
}

TEST(Xauthority, FieldTooLongForTheFormatIsAnError) {
    EXPECT_FALSE(format_xauthority({cookie(kXauthFamilyLocal, std::string(70000, 'a'), "0", "")}));
}

}  // namespace
}  // namespace sandbox::run

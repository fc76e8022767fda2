// What an app behind the proxy can and cannot do on its session bus (SECURITY-CATALOG S29-S32),
// with a real dbus-daemon, xdg-dbus-proxy and GDBus client; each refusal is checked against the
// same call made straight on the bus, which succeeds.
#include <gmock/gmock.h>

#include "proxy_fixture.hpp"

namespace sandbox::test::dbus {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ProxyFilter : public ProxyTest {
  protected:
    void SetUp() override {
        ProxyTest::SetUp();
        start_proxy(session_config());
    }
};

TEST_F(ProxyFilter, GrantedNameAnswers) {
    CommandResult result = call_in_app("org.example.Granted", kTestPath, "org.example.Test.Ping");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "('pong',)\n");
}

TEST_F(ProxyFilter, HiddenNameLooksAbsent) {
    ASSERT_EQ(call_directly("org.example.Hidden", kTestPath, "org.example.Test.Ping").out,
              "('pong',)\n");
    EXPECT_TRUE(refused_with(call_in_app("org.example.Hidden", kTestPath, "org.example.Test.Ping"),
                             {"ServiceUnknown", "NameHasNoOwner"}));
    EXPECT_EQ(call_in_app(kDriver, kDriverPath, "org.freedesktop.DBus.NameHasOwner",
                          {"org.example.Hidden"})
                  .out,
              "(false,)\n");
    EXPECT_TRUE(refused_with(call_in_app(kDriver, kDriverPath, "org.freedesktop.DBus.GetNameOwner",
                                         {"org.example.Hidden"}),
                             {"NameHasNoOwner"}));
    CommandResult names = call_in_app(kDriver, kDriverPath, "org.freedesktop.DBus.ListNames");
    EXPECT_EQ(names.status, 0) << names.err;
    EXPECT_THAT(names.out, HasSubstr("org.example.Granted"));
    EXPECT_THAT(names.out, Not(HasSubstr("org.example.Hidden")));
}

TEST_F(ProxyFilter, BecomeMonitorIsRefused) {
    const std::vector<std::string> args{"@as []", "uint32 0"};
    EXPECT_TRUE(refused_with(
        call_in_app(kDriver, kDriverPath, "org.freedesktop.DBus.Monitoring.BecomeMonitor", args),
        {"AccessDenied"}));
    CommandResult direct =
        call_directly(kDriver, kDriverPath, "org.freedesktop.DBus.Monitoring.BecomeMonitor", args);
    EXPECT_EQ(direct.status, 0) << direct.err;
}

TEST_F(ProxyFilter, EavesdroppingMatchRulesAreRefused) {
    const std::string add_match = "org.freedesktop.DBus.AddMatch";
    for (const char* rule :
         {"\"type='method_call',eavesdrop=true\"", "\"eavesdrop=true\"", "\"eavesdrop =true\"",
          "\"eavesdrop\\t=true\"", "\"eavesdrop\\n=true\"", "\"eavesdrop='true'\"",
          "\"type='signal', eavesdrop = 'true'\""}) {
        EXPECT_TRUE(
            refused_with(call_in_app(kDriver, kDriverPath, add_match, {rule}), {"AccessDenied"}))
            << rule;
    }
    const std::string eavesdrop = "\"type='method_call',eavesdrop=true\"";
    EXPECT_EQ(call_directly(kDriver, kDriverPath, add_match, {eavesdrop}).status, 0);
    CommandResult portal_signals =
        call_in_app(kDriver, kDriverPath, add_match,
                    {"\"type='signal',sender='org.freedesktop.portal.Desktop'\""});
    EXPECT_EQ(portal_signals.status, 0) << portal_signals.err;
}

TEST_F(ProxyFilter, UpdateActivationEnvironmentIsRefused) {
    const std::vector<std::string> poison{"{'LD_PRELOAD': '/tmp/evil.so'}"};
    const std::string method = "org.freedesktop.DBus.UpdateActivationEnvironment";
    EXPECT_TRUE(refused_with(call_in_app(kDriver, kDriverPath, method, poison), {"AccessDenied"}));
    EXPECT_EQ(call_directly(kDriver, kDriverPath, method, poison).status, 0);
}

TEST_F(ProxyFilter, UnknownDriverMethodIsRefused) {
    EXPECT_TRUE(refused_with(call_in_app(kDriver, kDriverPath, "org.freedesktop.DBus.Foo"),
                             {"AccessDenied"}));
}

TEST_F(ProxyFilter, AppOwnsItsOwnNamesOnly) {
    const std::string request = "org.freedesktop.DBus.RequestName";
    for (const std::string& name : {std::string(kAppId) + ".Foo",
                                    std::string("org.mpris.MediaPlayer2.") + kAppId + ".Player"}) {
        CommandResult owned = call_in_app(kDriver, kDriverPath, request, {name, "uint32 0"});
        EXPECT_EQ(owned.out, "(uint32 1,)\n") << name << ": " << owned.err;
    }
    // A name the app cannot even see is hidden (xdg-dbus-proxy answers as if there were no such
    // name); one it sees but may not own is denied.
    for (const char* name : {"org.other.Name", "org.freedesktop.portal.Desktop",
                             "org.freedesktop.secrets", "org.freedesktop.Notifications"})
        EXPECT_TRUE(refused_with(call_in_app(kDriver, kDriverPath, request, {name, "uint32 0"}),
                                 {"AccessDenied", "ServiceUnknown"}))
            << name;
    EXPECT_TRUE(
        refused_with(call_in_app(kDriver, kDriverPath, request, {"org.example.Seen", "uint32 0"}),
                     {"AccessDenied"}));
    EXPECT_EQ(call_directly(kDriver, kDriverPath, request, {"org.other.Name", "uint32 0"}).out,
              "(uint32 1,)\n");
}

TEST_F(ProxyFilter, ServiceIdentifiesTheAppBehindTheProxy) {
    CommandResult result = call_in_app("org.example.Granted", kTestPath, "org.example.Test.WhoAmI");
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("[Application]\\nname=org.example.App\\n"));
    EXPECT_THAT(result.out, HasSubstr("instance-id=7"));
    EXPECT_THAT(call_directly("org.example.Granted", kTestPath, "org.example.Test.WhoAmI").out,
                HasSubstr("no /.flatpak-info"));
}

TEST_F(ProxyFilter, BusIsAReadOnlyBindOfTheProxysSocketDirectory) {
    const std::string inside = "/run/user/" + std::to_string(::getuid()) + "/bus";
    CommandResult result =
        run_in_app({"sh", "-c",
                    "echo \"$DBUS_SESSION_BUS_ADDRESS\"; readlink " + inside +
                        "; grep ' /run/sandbox/bus-proxy ' /proc/self/mountinfo"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("unix:path=" + inside + "\n"));
    EXPECT_THAT(result.out, HasSubstr("/run/sandbox/bus-proxy/session-bus\n"));
    EXPECT_THAT(result.out, ::testing::ContainsRegex(" /run/sandbox/bus-proxy ro,"));
}

}  // namespace
}  // namespace sandbox::test::dbus

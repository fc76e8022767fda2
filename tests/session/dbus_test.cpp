// `sandbox run` and the D-Bus buses (docs/DBUS.md, SECURITY-CATALOG S29-S32): each test starts
// private dbus-daemons of its own (session, system, accessibility) with a test service on them,
// hands their addresses to `sandbox run` in the caller's environment, and runs `gdbus call` in the
// app. Every refusal is checked against the same call made straight on the bus, which succeeds.
#include <gmock/gmock.h>
#include <unistd.h>

#include <csignal>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "session/support/gdbus_call.hpp"
#include "session/support/private_bus.hpp"
#include "session/support/session_test.hpp"
#include "session/support/test_bus_service.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kService = "org.example.Service";
constexpr const char* kHidden = "org.example.Hidden";
constexpr const char* kTestPath = "/org/example/Test";
constexpr const char* kPing = "org.example.Test.Ping";
constexpr const char* kDriver = "org.freedesktop.DBus";
constexpr const char* kDriverPath = "/org/freedesktop/DBus";
constexpr const char* kRegistry = "org.a11y.atspi.Registry";
constexpr const char* kRegistryPath = "/org/a11y/atspi/registry";
constexpr const char* kPong = "('pong',)\n";

std::string first_line_of_file(const fs::path& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// Real uid of a process, from /proc/PID/status; -1 when it is gone.
long real_uid_of(const std::string& pid) {
    std::ifstream status("/proc/" + pid + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("Uid:")) return std::stol(line.substr(4));
    return -1;
}

pid_t parent_of(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("PPid:")) return static_cast<pid_t>(std::stol(line.substr(5)));
    return 0;
}

bool descends_from_us(pid_t pid) {
    for (int depth = 0; pid > 1 && depth < 64; ++depth) {
        pid = parent_of(pid);
        if (pid == ::getpid()) return true;
    }
    return false;
}

// The xdg-dbus-proxy processes of this user started by this test (orphans come back to us: the
// test main is a subreaper), found by a scan of /proc.
std::vector<pid_t> our_proxies() {
    std::vector<pid_t> found;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string pid = entry.path().filename();
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        if (first_line_of_file(entry.path() / "comm") != "xdg-dbus-proxy") continue;
        if (real_uid_of(pid) != static_cast<long>(::getuid())) continue;
        if (descends_from_us(static_cast<pid_t>(std::stol(pid))))
            found.push_back(static_cast<pid_t>(std::stol(pid)));
    }
    return found;
}

// The proxies of this test, once the ones that are ending have ended: `sandbox run` kills the
// proxy's launcher as the app ends, and its sandbox follows a moment later (PDEATHSIG).
std::vector<pid_t> proxies_left() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    std::vector<pid_t> left = our_proxies();
    while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        left = our_proxies();
    }
    return left;
}

// Every socket file below `dir`.
std::vector<std::string> sockets_below(const fs::path& dir) {
    std::vector<std::string> sockets;
    std::error_code error;
    for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end;
         it.increment(error))
        if (it->is_socket(error)) sockets.push_back(it->path().string());
    return sockets;
}

// A shell command printing whether `path` exists inside.
std::string presence(const std::string& path) {
    return "if [ -e " + path + " ]; then echo present; else echo absent; fi";
}

std::string instance_id_in(const std::string& text) {
    std::smatch match;
    static const std::regex instance("instance-id=([0-9]+)");
    return std::regex_search(text, match, instance) ? match[1].str() : "";
}

class SessionBus : public SessionTest {
  protected:
    void SetUp() override {
        SessionTest::SetUp();
        session_ = PrivateBus::start_session(scratch() / "session-bus");
        services_.push_back(start_test_service(session_->address(), kService));
        services_.push_back(start_test_service(session_->address(), kHidden));
    }

    void TearDown() override {
        // Before the base class checks that no process of the test is left.
        services_.clear();
        a11y_.reset();
        system_.reset();
        session_.reset();
        SessionTest::TearDown();
    }

    [[nodiscard]] std::string session_variable() const {
        return "DBUS_SESSION_BUS_ADDRESS=" + session_->address();
    }

    // sandbox run OPTIONS --command=COMMAND org.test.Hello ARGS, with `environment` (the session
    // bus' address unless given otherwise).
    CommandResult run_app(const std::vector<std::string>& options, const std::string& command,
                          const std::vector<std::string>& args,
                          std::optional<std::vector<std::string>> environment = std::nullopt) {
        std::vector<std::string> argv{"run", "--installation=" + installation_dir().string()};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.push_back("--command=" + command);
        argv.emplace_back(kAppId);
        argv.insert(argv.end(), args.begin(), args.end());
        return sandbox(argv, environment.value_or(std::vector<std::string>{session_variable()}));
    }

    CommandResult call_in_app(const std::vector<std::string>& options, const std::string& dest,
                              const std::string& path, const std::string& method,
                              const std::vector<std::string>& args = {}) {
        return run_app(options, "gdbus",
                       gdbus_call_arguments("--session", dest, path, method, args));
    }

    CommandResult shell_in_app(const std::vector<std::string>& options, const std::string& script,
                               std::optional<std::vector<std::string>> environment = std::nullopt) {
        return run_app(options, "sh", {"-c", script}, std::move(environment));
    }

    // The same call straight on a bus, from the host: the control.
    static CommandResult call_directly(const PrivateBus& bus, const std::string& dest,
                                       const std::string& path, const std::string& method,
                                       const std::vector<std::string>& args = {}) {
        std::vector<std::string> argv{"/usr/bin/gdbus"};
        for (const std::string& arg :
             gdbus_call_arguments("--address=" + bus.address(), dest, path, method, args))
            argv.push_back(arg);
        return run_command(argv);
    }

    void start_system_bus() {
        system_ = PrivateBus::start_session(scratch() / "system-bus");
        services_.push_back(start_test_service(system_->address(), "org.example.SystemService"));
        services_.push_back(start_test_service(system_->address(), kHidden));
    }

    // An accessibility bus with an AT-SPI registry on it (the test service under its name).
    void start_accessibility_bus() {
        a11y_ = PrivateBus::start_session(scratch() / "a11y-bus");
        services_.push_back(start_test_service(a11y_->address(), kRegistry));
    }

    [[nodiscard]] std::string uid() const { return std::to_string(::getuid()); }

    std::unique_ptr<PrivateBus> session_;
    std::unique_ptr<PrivateBus> system_;
    std::unique_ptr<PrivateBus> a11y_;
    std::vector<std::unique_ptr<ChildProcess>> services_;
};

// What is left in the instances directory: nothing but the accessibility bus' cached address
// (run/src/a11y_address_cache.hpp), which is not an instance.
std::vector<std::string> instances_left(const fs::path& instances) {
    std::vector<std::string> left = tree_of(instances);
    // The session's caches, not instances: the accessibility bus' address, and a bus found
    // without a document portal.
    std::erase(left, "a11y-bus");
    std::erase(left, "no-document-portal");
    return left;
}

TEST_F(SessionBus, GrantedNameAnswersOthersAreHidden) {
    const std::string talk = std::string("--talk-name=") + kService;
    CommandResult granted = call_in_app({talk}, kService, kTestPath, kPing);
    EXPECT_EQ(granted.status, 0) << granted.err;
    EXPECT_EQ(granted.out, kPong);

    ASSERT_EQ(call_directly(*session_, kHidden, kTestPath, kPing).out, kPong);
    EXPECT_TRUE(refused_with(call_in_app({talk}, kHidden, kTestPath, kPing),
                             {"ServiceUnknown", "AccessDenied", "NameHasNoOwner"}));
    // Not granted at all: the same service is out of reach.
    EXPECT_TRUE(refused_with(call_in_app({}, kService, kTestPath, kPing),
                             {"ServiceUnknown", "AccessDenied", "NameHasNoOwner"}));
}

// The proxy's socket directory is bound read-only (it exists before the proxy listens, so the
// app's sandbox is built meanwhile), and /run/user/UID/bus links to the socket in it.
TEST_F(SessionBus, AppGetsTheProxySocketReadOnly) {
    const std::string inside = "/run/user/" + uid() + "/bus";
    const std::string proxy_dir = "/run/sandbox/bus-proxy";
    CommandResult result = shell_in_app(
        {}, "echo \"$DBUS_SESSION_BUS_ADDRESS\"; ls -l " + inside +
                "; while read -r id parent device root mountpoint options rest; do "
                "[ \"$mountpoint\" = " +
                proxy_dir + " ] && echo \"mount $options\"; done < /proc/self/mountinfo; exit 0");
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("unix:path=" + inside + "\n"));
    EXPECT_THAT(result.out, HasSubstr(inside + " -> " + proxy_dir + "/session-bus"));
    EXPECT_THAT(result.out, ::testing::ContainsRegex("\nmount ro,|\nmount ro\n"));
}

TEST_F(SessionBus, MonitoringEavesdroppingAndActivationEnvironmentAreRefused) {
    const std::vector<std::string> monitor{"@as []", "uint32 0"};
    const std::string become_monitor = "org.freedesktop.DBus.Monitoring.BecomeMonitor";
    EXPECT_TRUE(refused_with(call_in_app({}, kDriver, kDriverPath, become_monitor, monitor),
                             {"AccessDenied"}));
    EXPECT_EQ(call_directly(*session_, kDriver, kDriverPath, become_monitor, monitor).status, 0);

    const std::string add_match = "org.freedesktop.DBus.AddMatch";
    const std::vector<std::string> eavesdrop{"type='method_call',eavesdrop=true"};
    EXPECT_TRUE(refused_with(call_in_app({}, kDriver, kDriverPath, add_match, eavesdrop),
                             {"AccessDenied"}));
    EXPECT_EQ(call_directly(*session_, kDriver, kDriverPath, add_match, eavesdrop).status, 0);

    const std::string update = "org.freedesktop.DBus.UpdateActivationEnvironment";
    const std::vector<std::string> poison{"{'LD_PRELOAD': '/tmp/evil.so'}"};
    EXPECT_TRUE(
        refused_with(call_in_app({}, kDriver, kDriverPath, update, poison), {"AccessDenied"}));
    EXPECT_EQ(call_directly(*session_, kDriver, kDriverPath, update, poison).status, 0);
}

// --log-session-bus: the proxy prints each message it filters on `sandbox run`'s stderr.
TEST_F(SessionBus, LogSessionBusPrintsWhatTheProxyFilters) {
    const std::vector<std::string> grant{"--talk-name=" + std::string(kService)};
    CommandResult logged = call_in_app({"--log-session-bus", grant[0]}, kService, kTestPath, kPing);
    EXPECT_EQ(logged.out, kPong) << logged.err;
    EXPECT_THAT(logged.err, HasSubstr(kPing));
    CommandResult quiet = call_in_app(grant, kService, kTestPath, kPing);
    EXPECT_EQ(quiet.out, kPong) << quiet.err;
    EXPECT_THAT(quiet.err, Not(HasSubstr(kPing)));
}

TEST_F(SessionBus, AppOwnsItsOwnNamesOnly) {
    const std::string request = "org.freedesktop.DBus.RequestName";
    CommandResult own =
        call_in_app({}, kDriver, kDriverPath, request, {std::string(kAppId) + ".Foo", "uint32 0"});
    EXPECT_EQ(own.out, "(uint32 1,)\n") << own.err;
    EXPECT_TRUE(
        refused_with(call_in_app({}, kDriver, kDriverPath, request, {"org.other.Name", "uint32 0"}),
                     {"AccessDenied", "ServiceUnknown"}));
    EXPECT_EQ(
        call_directly(*session_, kDriver, kDriverPath, request, {"org.other.Name", "uint32 0"}).out,
        "(uint32 1,)\n");
}

TEST_F(SessionBus, ProxyEndsWithTheAppAndLeavesNothing) {
    const fs::path instances = runtime_dir() / ".sandbox";
    CommandOptions options;
    options.environment = environment({session_variable()});
    options.keep_stdin_open = true;
    ChildProcess app(
        sandbox_command({"run", "--installation=" + installation_dir().string(), "--command=sh",
                         kAppId, "-c", "echo started; read line; exit 0"}),
        options);
    ASSERT_TRUE(app.wait_for_output("started\n", std::chrono::seconds(60)));
    EXPECT_EQ(our_proxies().size(), 1U);
    EXPECT_THAT(sockets_below(instances), ::testing::Contains(::testing::EndsWith("/session-bus")));

    app.close_stdin();
    CommandResult result = app.finish(std::chrono::seconds(60));
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(proxies_left(), ::testing::IsEmpty());
    EXPECT_THAT(sockets_below(instances), ::testing::IsEmpty());
    EXPECT_THAT(instances_left(instances), ::testing::IsEmpty());
}

TEST_F(SessionBus, ProxyEndsWhenSandboxRunIsKilled) {
    CommandOptions options;
    options.environment = environment({session_variable()});
    options.keep_stdin_open = true;
    ChildProcess app(sandbox_command({"run", "--installation=" + installation_dir().string(),
                                      "--command=sh", kAppId, "-c", "echo started; read line"}),
                     options);
    ASSERT_TRUE(app.wait_for_output("started\n", std::chrono::seconds(60)));
    ASSERT_EQ(our_proxies().size(), 1U);
    app.signal(SIGKILL);
    app.finish(std::chrono::seconds(60));
    // The app's sandbox dies with `sandbox run`, and the proxy with them; not at once.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!our_proxies().empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_THAT(proxies_left(), ::testing::IsEmpty());
}

TEST_F(SessionBus, ServiceIdentifiesTheAppAndItsInstance) {
    const std::string who = "gdbus call --session --dest " + std::string(kService) +
                            " --object-path /org/example/Test --method org.example.Test.WhoAmI";
    CommandResult result =
        shell_in_app({std::string("--talk-name=") + kService},
                     "cat /.flatpak-info && echo '--- the service says:' && " + who);
    ASSERT_EQ(result.status, 0) << result.err;
    const std::size_t split = result.out.find("--- the service says:");
    ASSERT_NE(split, std::string::npos) << result.out;
    const std::string own_info = result.out.substr(0, split);
    const std::string service_says = result.out.substr(split);
    const std::string instance = instance_id_in(own_info);
    ASSERT_NE(instance, "") << own_info;
    EXPECT_THAT(service_says, HasSubstr("[Application]\\nname=org.test.Hello\\n"));
    EXPECT_EQ(instance_id_in(service_says), instance) << service_says;
    EXPECT_THAT(call_directly(*session_, kService, kTestPath, "org.example.Test.WhoAmI").out,
                HasSubstr("no /.flatpak-info"));
}

TEST_F(SessionBus, SocketSessionBusGivesTheRealBus) {
    CommandResult address =
        shell_in_app({"--socket=session-bus"}, "echo \"$DBUS_SESSION_BUS_ADDRESS\"");
    ASSERT_EQ(address.status, 0) << address.err;
    EXPECT_EQ(address.out, "unix:path=/run/user/" + uid() + "/bus\n");
    CommandResult hidden = call_in_app({"--socket=session-bus"}, kHidden, kTestPath, kPing);
    EXPECT_EQ(hidden.out, kPong) << hidden.err;
    CommandResult monitor =
        call_in_app({"--socket=session-bus"}, kDriver, kDriverPath,
                    "org.freedesktop.DBus.Monitoring.BecomeMonitor", {"@as []", "uint32 0"});
    EXPECT_EQ(monitor.status, 0) << monitor.err;
    EXPECT_THAT(proxies_left(), ::testing::IsEmpty());
}

TEST_F(SessionBus, SessionBusFoundInTheRuntimeDirectory) {
    fs::create_symlink(session_->socket(), runtime_dir() / "bus");
    CommandResult result = run_app({std::string("--talk-name=") + kService}, "gdbus",
                                   gdbus_call_arguments("--session", kService, kTestPath, kPing),
                                   std::vector<std::string>{});
    EXPECT_EQ(result.out, kPong) << result.err;
}

TEST_F(SessionBus, NoSessionBusOnTheHost) {
    CommandResult result = shell_in_app(
        {},
        "echo \"[${DBUS_SESSION_BUS_ADDRESS-unset}]\"; " + presence("/run/user/" + uid() + "/bus"),
        std::vector<std::string>{});
    EXPECT_EQ(result.status, 0);
    EXPECT_EQ(result.out, "[unset]\nabsent\n");
    EXPECT_EQ(result.err, "");
}

TEST_F(SessionBus, UnreachableSessionBusFailsWithOneLine) {
    const std::string address = "unix:path=" + (scratch() / "no-such-bus").string();
    CommandResult result = shell_in_app(
        {}, "echo the app ran", std::vector<std::string>{"DBUS_SESSION_BUS_ADDRESS=" + address});
    EXPECT_NE(result.status, 0);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("Can't reach the session bus at \"" + address + "\""));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_THAT(proxies_left(), ::testing::IsEmpty());
    EXPECT_THAT(instances_left(runtime_dir() / ".sandbox"), ::testing::IsEmpty());
}

// The app's sandbox is built while the proxy starts, and the app waits for the proxy's byte: a
// proxy that ends first stops the launch, with one line, before the app runs.
TEST_F(SessionBus, ProxyThatEndsBeforeListeningStopsTheLaunch) {
    const fs::path fake_dir = scratch() / "fake-bin";
    fs::create_directories(fake_dir);
    write_file(fake_dir / "xdg-dbus-proxy", "#!/bin/sh\nexit 3\n", kExecutableMode);
    std::vector<std::string> env = environment({session_variable()});
    for (std::string& entry : env)
        if (entry.starts_with("PATH=")) entry = "PATH=" + fake_dir.string() + ":/usr/bin:/bin";
    CommandOptions options;
    options.environment = env;
    CommandResult result =
        run_command(sandbox_command({"run", "--installation=" + installation_dir().string(),
                                     "--command=sh", kAppId, "-c", "echo the app ran"}),
                    options);
    EXPECT_NE(result.status, 0);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("ended before it was listening"));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_THAT(instances_left(runtime_dir() / ".sandbox"), ::testing::IsEmpty());
}

TEST_F(SessionBus, SystemBusThroughTheProxyWithASystemPolicy) {
    start_system_bus();
    const std::vector<std::string> environment{session_variable(),
                                               "DBUS_SYSTEM_BUS_ADDRESS=" + system_->address()};
    const std::vector<std::string> talk{"--system-talk-name=org.example.SystemService"};
    CommandResult granted =
        run_app(talk, "gdbus",
                gdbus_call_arguments("--system", "org.example.SystemService", kTestPath, kPing),
                environment);
    EXPECT_EQ(granted.out, kPong) << granted.err;
    ASSERT_EQ(call_directly(*system_, kHidden, kTestPath, kPing).out, kPong);
    EXPECT_TRUE(refused_with(
        run_app(talk, "gdbus", gdbus_call_arguments("--system", kHidden, kTestPath, kPing),
                environment),
        {"ServiceUnknown", "AccessDenied", "NameHasNoOwner"}));
    CommandResult address =
        run_app(talk, "sh", {"-c", "echo \"$DBUS_SYSTEM_BUS_ADDRESS\""}, environment);
    EXPECT_EQ(address.out, "unix:path=/run/dbus/system_bus_socket\n") << address.err;
}

TEST_F(SessionBus, NoSystemBusWithoutASystemPolicy) {
    start_system_bus();
    CommandResult result = shell_in_app(
        {},
        "echo \"[${DBUS_SYSTEM_BUS_ADDRESS-unset}]\"; " + presence("/run/dbus/system_bus_socket"),
        std::vector<std::string>{session_variable(),
                                 "DBUS_SYSTEM_BUS_ADDRESS=" + system_->address()});
    EXPECT_EQ(result.out, "[unset]\nabsent\n") << result.err;
}

TEST_F(SessionBus, SocketSystemBusGivesTheRealBus) {
    start_system_bus();
    const std::vector<std::string> environment{session_variable(),
                                               "DBUS_SYSTEM_BUS_ADDRESS=" + system_->address()};
    CommandResult hidden =
        run_app({"--socket=system-bus"}, "gdbus",
                gdbus_call_arguments("--system", kHidden, kTestPath, kPing), environment);
    EXPECT_EQ(hidden.out, kPong) << hidden.err;
    CommandResult address = run_app({"--socket=system-bus"}, "sh",
                                    {"-c", "echo \"$DBUS_SYSTEM_BUS_ADDRESS\""}, environment);
    EXPECT_EQ(address.out, "unix:path=/run/dbus/system_bus_socket\n") << address.err;
}

class AccessibilityBus : public SessionBus {
  protected:
    // gdbus call on the app's AT_SPI_BUS_ADDRESS, after printing it.
    CommandResult call_on_a11y_bus(const std::vector<std::string>& environment,
                                   const std::string& dest, const std::string& path,
                                   const std::string& method) {
        return shell_in_app(
            {},
            "echo \"$AT_SPI_BUS_ADDRESS\"; gdbus call --address=\"$AT_SPI_BUS_ADDRESS\" "
            "--dest " +
                dest + " --object-path " + path + " --method " + method,
            environment);
    }

    // Inside: the proxy's socket at Flatpak's place; the registry's calls pass, nothing else.
    void expect_only_atspi_passes(const std::vector<std::string>& environment) {
        CommandResult registry = call_on_a11y_bus(environment, kRegistry, kRegistryPath,
                                                  "org.a11y.atspi.Registry.GetRegisteredEvents");
        EXPECT_EQ(registry.out, "unix:path=/run/flatpak/at-spi-bus\n(@a(ss) [],)\n")
            << registry.err;
        ASSERT_EQ(call_directly(*a11y_, kRegistry, kTestPath, kPing).out, kPong);
        CommandResult ping = call_on_a11y_bus(environment, kRegistry, kTestPath, kPing);
        EXPECT_TRUE(refused_with(ping, {"AccessDenied"}));
    }
};

TEST_F(AccessibilityBus, FoundThroughOrgA11yBus) {
    start_accessibility_bus();
    services_.push_back(start_test_service(session_->address(), "org.a11y.Bus", a11y_->address()));
    expect_only_atspi_passes({session_variable()});
}

TEST_F(AccessibilityBus, FoundThroughTheVariable) {
    start_accessibility_bus();
    expect_only_atspi_passes({session_variable(), "AT_SPI_BUS_ADDRESS=" + a11y_->address()});
}

TEST_F(AccessibilityBus, NoneWithoutAnAccessibilityBus) {
    CommandResult result = shell_in_app(
        {}, "echo \"[${AT_SPI_BUS_ADDRESS-unset}]\"; " + presence("/run/flatpak/at-spi-bus"));
    EXPECT_EQ(result.out, "[unset]\nabsent\n") << result.err;
}

TEST_F(AccessibilityBus, StaleAddressIsLeftOutWithAWarning) {
    const std::string address = "unix:path=" + (scratch() / "no-a11y-bus").string();
    CommandResult result = shell_in_app(
        {}, "echo \"[${AT_SPI_BUS_ADDRESS-unset}]\"; echo \"$DBUS_SESSION_BUS_ADDRESS\"",
        std::vector<std::string>{session_variable(), "AT_SPI_BUS_ADDRESS=" + address});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "[unset]\nunix:path=/run/user/" + uid() + "/bus\n");
    EXPECT_THAT(result.err, HasSubstr("Can't reach the accessibility bus at \"" + address + "\""));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

}  // namespace
}  // namespace sandbox::test

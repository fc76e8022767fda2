// The display through `sandbox run`, against real servers the tests start: weston's headless
// backend for Wayland, Xvfb (with a cookie it requires) for X11.

#include <gmock/gmock.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <climits>
#include <csignal>
#include <cstddef>
#include <cstring>

#include "session/support/session_test.hpp"
#include "session/support/weston_server.hpp"
#include "session/support/xvfb_server.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string runtime_dir_inside() {
    return "/run/user/" + std::to_string(::getuid());
}

std::string this_hostname() {
    char name[HOST_NAME_MAX + 1] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

// connect() to an abstract unix socket from this process (on the host): "ok" or the errno.
std::string connect_abstract(const std::string& name) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path + 1, name.data(), name.size());
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0)
        return strerrorname_np(errno);
    return "ok";
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1))
        ++count;
    return count;
}

class Display : public SessionTest {
  protected:
    // sandbox run --installation=… OPTIONS… --command=COMMAND ID ARGS…
    std::vector<std::string> client_command(const std::vector<std::string>& options,
                                            const std::string& command,
                                            const std::vector<std::string>& args = {}) const {
        std::vector<std::string> argv{"run", "--installation=" + installation_dir().string()};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.push_back("--command=" + command);
        argv.emplace_back(kAppId);
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }
    CommandResult run_client(const std::vector<std::string>& options, const std::string& command,
                             const std::vector<std::string>& environment,
                             const std::vector<std::string>& args = {}) {
        return sandbox(client_command(options, command, args), environment);
    }

    // The caller's Xauthority: the server's cookie for its display, and decoys for another
    // display of this machine and for the same display of another machine.
    std::vector<std::string> x11_environment(const XvfbServer& xvfb) {
        const std::filesystem::path file = scratch() / "Xauthority";
        add_cookie(file, xvfb.display(), xvfb.cookie());
        add_cookie(file, ":" + std::to_string(xvfb.number() + 1), random_cookie());
        add_cookie(file, "otherhost/unix:" + std::to_string(xvfb.number()), random_cookie());
        return {"DISPLAY=" + xvfb.display(), "XAUTHORITY=" + file.string()};
    }

    std::vector<std::string> wayland_environment(const WestonServer& weston) {
        return {"WAYLAND_DISPLAY=" + weston.socket_name()};
    }

    KeyValues seen_inside(const std::vector<std::string>& options,
                          const std::vector<std::string>& probe_args,
                          const std::vector<std::string>& environment) {
        return probe_app(options, probe_args, environment);
    }

    // What the sandbox's /tmp/.X11-unix holds (empty when absent).
    std::vector<std::string> x11_sockets_inside(const std::vector<std::string>& options,
                                                const std::vector<std::string>& environment) {
        return values_of(seen_inside(options, {"stat", "/tmp/.X11-unix"}, environment), "entry");
    }

    std::optional<std::string> variable_inside(const std::vector<std::string>& options,
                                               const std::string& name,
                                               const std::vector<std::string>& environment) {
        return value_of(seen_inside(options, {"getenv", name}, environment), "value");
    }
};

std::vector<std::string> both(std::vector<std::string> first,
                              const std::vector<std::string>& second) {
    first.insert(first.end(), second.begin(), second.end());
    return first;
}

#define START_XVFB(name)                                                 \
    XvfbServer name(scratch());                                          \
    if (!name.skip_reason().empty()) GTEST_SKIP() << name.skip_reason(); \
    ASSERT_TRUE(name.ready())

TEST_F(Display, WaylandClientReachesTheCompositor) {
    WestonServer weston(runtime_dir(), scratch());
    ASSERT_TRUE(weston.ready());
    const auto environment = wayland_environment(weston);
    CommandResult info = run_client({"--socket=wayland"}, "wayland-info", environment);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("'wl_compositor'"));
    EXPECT_EQ(variable_inside({"--socket=wayland"}, "WAYLAND_DISPLAY", environment), "wayland-0");
    KeyValues socket = seen_inside({"--socket=wayland"},
                                   {"stat", runtime_dir_inside() + "/wayland-0"}, environment);
    EXPECT_EQ(value_of(socket, "type"), "socket");
}

TEST_F(Display, WestonSimpleShmDrawsThroughTheSocket) {
    WestonServer weston(runtime_dir(), scratch());
    ASSERT_TRUE(weston.ready());
    CommandOptions options;
    options.environment = environment(both(wayland_environment(weston), {"WAYLAND_DEBUG=1"}));
    // It draws until killed; its protocol log says when the compositor configured its window
    // and it attached a buffer.
    ChildProcess client(sandbox_command(client_command({"--socket=wayland"}, "sh",
                                                       {"-c", "exec weston-simple-shm 2>&1"})),
                        options);
    EXPECT_TRUE(client.wait_for_output(".attach(wl_buffer@", 60s)) << client.output_so_far();
    EXPECT_THAT(client.output_so_far(), HasSubstr("xdg_toplevel@"));
    client.signal(SIGTERM);
    CommandResult result = client.finish(30s);
    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(result.status, 128 + SIGTERM) << result.err;
}

TEST_F(Display, WithoutTheWaylandPermissionNoClientConnects) {
    WestonServer weston(runtime_dir(), scratch());
    ASSERT_TRUE(weston.ready());
    const auto environment = wayland_environment(weston);
    CommandResult info = run_client({}, "wayland-info", environment);
    EXPECT_NE(info.status, 0);
    EXPECT_THAT(info.out, Not(HasSubstr("wl_compositor")));
    CommandResult shm = run_client({}, "weston-simple-shm", environment);
    EXPECT_NE(shm.status, 0);
    EXPECT_EQ(variable_inside({}, "WAYLAND_DISPLAY", environment), std::nullopt);
    for (const std::string& path :
         {runtime_dir_inside() + "/wayland-0", runtime_dir_inside() + "/" + weston.socket_name(),
          weston.socket_path().string()})
        EXPECT_EQ(value_of(seen_inside({}, {"stat", path}, environment), "exists"), "0") << path;
}

TEST_F(Display, X11ClientReachesTheServerAsDisplay99) {
    START_XVFB(xvfb);
    const auto environment = x11_environment(xvfb);
    CommandResult info = run_client({"--socket=x11"}, "xdpyinfo", environment);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("name of display:    :99.0"));
    EXPECT_EQ(x11_sockets_inside({"--socket=x11"}, environment), std::vector<std::string>{"X99"});
}

TEST_F(Display, WithoutTheX11PermissionNoClientConnects) {
    START_XVFB(xvfb);
    const auto environment = x11_environment(xvfb);
    // The host's variables are not passed on: give the client the host's display by hand.
    CommandResult info = run_client({"--env=DISPLAY=" + xvfb.display()}, "xdpyinfo", environment);
    EXPECT_NE(info.status, 0);
    EXPECT_THAT(info.out, Not(HasSubstr("name of display")));
    EXPECT_TRUE(x11_sockets_inside({}, environment).empty());
    EXPECT_EQ(variable_inside({}, "DISPLAY", environment), std::nullopt);
    EXPECT_EQ(variable_inside({}, "XAUTHORITY", environment), std::nullopt);
}

TEST_F(Display, XauthorityInsideHoldsOnlyThisDisplaysCookie) {
    START_XVFB(xvfb);
    const auto environment = x11_environment(xvfb);
    ASSERT_EQ(count_of(list_cookies(scratch() / "Xauthority"), "\n"), 3u);
    const std::string path = runtime_dir_inside() + "/Xauthority";
    EXPECT_EQ(variable_inside({"--socket=x11"}, "XAUTHORITY", environment), path);
    CommandResult inside = run_probe_app({"--socket=x11"}, {"cat", path}, environment);
    ASSERT_EQ(inside.status, 0) << inside.err;
    const std::filesystem::path copy = scratch() / "inside-Xauthority";
    write_file(copy, inside.out);
    EXPECT_EQ(list_cookies(copy),
              this_hostname() + "/unix:99  MIT-MAGIC-COOKIE-1  " + xvfb.cookie() + "\n");
    KeyValues write = seen_inside({"--socket=x11"}, {"write", path}, environment);
    EXPECT_NE(value_of(write, "write"), "ok");
}

TEST_F(Display, X11NeedsTheCookie) {
    START_XVFB(xvfb);
    const std::filesystem::path decoys = scratch() / "decoys";
    add_cookie(decoys, ":" + std::to_string(xvfb.number() + 1), xvfb.cookie());
    add_cookie(decoys, xvfb.display(), random_cookie());
    CommandResult info = run_client({"--socket=x11"}, "xdpyinfo",
                                    {"DISPLAY=" + xvfb.display(), "XAUTHORITY=" + decoys.string()});
    EXPECT_NE(info.status, 0);
    EXPECT_THAT(info.out, Not(HasSubstr("name of display")));
}

TEST_F(Display, FallbackX11IsIgnoredWhenTheAppGetsWayland) {
    WestonServer weston(runtime_dir(), scratch());
    ASSERT_TRUE(weston.ready());
    START_XVFB(xvfb);
    const auto environment = both(wayland_environment(weston), x11_environment(xvfb));
    const std::vector<std::string> options{"--socket=wayland", "--socket=fallback-x11"};
    EXPECT_TRUE(x11_sockets_inside(options, environment).empty());
    EXPECT_EQ(variable_inside(options, "DISPLAY", environment), std::nullopt);
    EXPECT_EQ(variable_inside(options, "WAYLAND_DISPLAY", environment), "wayland-0");
    EXPECT_NE(run_client(options, "xdpyinfo", environment).status, 0);
    CommandResult info = run_client(options, "wayland-info", environment);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.err, Not(HasSubstr("DISPLAY")));
}

TEST_F(Display, FallbackX11GivesX11WhenTheHostHasNoWayland) {
    START_XVFB(xvfb);
    const auto environment = both({"WAYLAND_DISPLAY=wayland-absent"}, x11_environment(xvfb));
    const std::vector<std::string> options{"--socket=wayland", "--socket=fallback-x11"};
    CommandResult info = run_client(options, "xdpyinfo", environment);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("name of display:    :99.0"));
    EXPECT_THAT(info.err, Not(HasSubstr("Wayland")));  // X11 was the way out the app asked for
    EXPECT_EQ(variable_inside(options, "WAYLAND_DISPLAY", environment), std::nullopt);
}

// Flatpak's rule: fallback-x11 steps back only for an app that is granted Wayland.
TEST_F(Display, FallbackX11AloneGivesX11EvenWithWaylandOnTheHost) {
    WestonServer weston(runtime_dir(), scratch());
    ASSERT_TRUE(weston.ready());
    START_XVFB(xvfb);
    const auto environment = both(wayland_environment(weston), x11_environment(xvfb));
    CommandResult info = run_client({"--socket=fallback-x11"}, "xdpyinfo", environment);
    EXPECT_EQ(info.status, 0) << info.err;
    EXPECT_EQ(variable_inside({"--socket=fallback-x11"}, "WAYLAND_DISPLAY", environment),
              std::nullopt);
}

TEST_F(Display, TcpDisplayWithoutTheNetworkIsRefusedWithOneLine) {
    START_XVFB(xvfb);
    std::vector<std::string> environment = x11_environment(xvfb);
    environment.front() = "DISPLAY=localhost" + xvfb.display();
    CommandResult result = run_probe_app({"--socket=x11"}, {"getenv", "DISPLAY"}, environment);
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(count_of(result.err, "is reached through the network"), 1u) << result.err;
    EXPECT_THAT(result.out, HasSubstr("unset=DISPLAY"));
    EXPECT_TRUE(x11_sockets_inside({"--socket=x11"}, environment).empty());
}

TEST_F(Display, HostileDisplayIsRefusedWithOneLine) {
    START_XVFB(xvfb);
    std::vector<std::string> environment = x11_environment(xvfb);
    environment.front() = "DISPLAY=" + xvfb.display() + "/../../x";
    CommandResult result = run_probe_app({"--socket=x11"}, {"getenv", "DISPLAY"}, environment);
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(count_of(result.err, "is not a display name"), 1u) << result.err;
    EXPECT_THAT(result.out, HasSubstr("unset=DISPLAY"));
    EXPECT_TRUE(x11_sockets_inside({"--socket=x11"}, environment).empty());
}

// S33: the server also listens on the abstract name @/tmp/.X11-unix/XN, which only the host's
// network namespace reaches.
TEST_F(Display, AbstractX11SocketIsUnreachableWithoutTheNetwork) {
    START_XVFB(xvfb);
    const auto environment = x11_environment(xvfb);
    const std::string name = xvfb.socket_path();
    ASSERT_EQ(connect_abstract(name), "ok");  // it is there, on the host
    for (const auto& options :
         {std::vector<std::string>{}, std::vector<std::string>{"--socket=x11"}}) {
        KeyValues seen = seen_inside(options, {"connect-abstract", name}, environment);
        EXPECT_EQ(value_of(seen, "connect"), "ECONNREFUSED");
    }
    // The same probe reaches it when the app shares the host's network namespace.
    KeyValues shared = seen_inside({"--share=network"}, {"connect-abstract", name}, environment);
    EXPECT_EQ(value_of(shared, "connect"), "ok");
}

}  // namespace
}  // namespace sandbox::test

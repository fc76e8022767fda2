// dbus-bench: a small method call's round trip straight on a bus against the same call through
// the D-Bus proxy (interleaved), the same for connecting (authentication and Hello), and the time
// BusProxy::start() takes until the proxy listens, against xdg-dbus-proxy started alone. The proxy
// is set up exactly as `sandbox run` sets it up for an app (run/src/session_buses.cpp): BusProxy
// (xdg-dbus-proxy in its own sandbox carrying /.flatpak-info), the policy from
// effective_bus_policy() with one name granted; the app end of `sandbox run` reaches the same
// socket through a bind mount, which costs nothing per message. Starts its own dbus-daemon; the
// service answering the call runs in a thread of this process.
//
// Usage: dbus-bench [--calls N] [--connects N] [--starts N]
#include <fcntl.h>
#include <gio/gio.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "sandbox/common/files.hpp"
#include "sandbox/dbus_proxy/bus_proxy.hpp"
#include "sandbox/dbus_proxy/defaults.hpp"
#include "sandbox/dbus_proxy/flatpak_info.hpp"
#include "statistics.hpp"
#include "unprivileged.hpp"

extern char** environ;

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kServiceName = "org.example.Bench";
constexpr const char* kPath = "/org/example/Bench";
constexpr const char* kIntrospection =
    "<node><interface name='org.example.Bench'>"
    "<method name='Ping'><arg type='s' direction='out'/></method></interface></node>";

struct Options {
    int calls = 2000;
    int connects = 200;
    int starts = 30;
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "dbus-bench: %s\n", message.c_str());
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        int* count = arg == "--calls"      ? &options.calls
                     : arg == "--connects" ? &options.connects
                     : arg == "--starts"   ? &options.starts
                                           : nullptr;
        if (count == nullptr || i + 1 >= argc)
            die("usage: dbus-bench [--calls N] [--connects N] [--starts N]");
        *count = std::atoi(argv[++i]);
        if (*count < 1) die(arg + " takes a positive number");
    }
    return options;
}

// dbus-daemon with a session policy of its own, on a socket in `dir`; killed on destruction.
class Daemon {
  public:
    explicit Daemon(const fs::path& dir) {
        const fs::path config = dir / "bus.conf";
        std::ofstream(config)
            << "<busconfig><type>session</type><listen>unix:path=" << (dir / "socket").string()
            << "</listen><auth>EXTERNAL</auth><policy context='default'>"
               "<allow send_destination='*' eavesdrop='true'/><allow eavesdrop='true'/>"
               "<allow own='*'/></policy>"
               "</busconfig>\n";
        int out[2];
        if (::pipe(out) != 0) die("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        const std::string config_arg = "--config-file=" + config.string();
        const char* argv[] = {"dbus-daemon", config_arg.c_str(), "--nofork", "--print-address=1",
                              nullptr};
        if (posix_spawnp(&pid_, argv[0], &actions, nullptr, const_cast<char**>(argv), environ) != 0)
            die("can't run dbus-daemon");
        ::close(out[1]);
        char buffer[512];
        const ssize_t got = ::read(out[0], buffer, sizeof buffer - 1);
        ::close(out[0]);
        if (got <= 0) die("dbus-daemon printed no address");
        address_.assign(buffer, static_cast<std::size_t>(got));
        address_.erase(address_.find('\n'));
    }
    ~Daemon() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    [[nodiscard]] const std::string& address() const { return address_; }

  private:
    pid_t pid_ = -1;
    std::string address_;
};

GDBusConnection* connect(const std::string& address) {
    GError* error = nullptr;
    GDBusConnection* connection = g_dbus_connection_new_for_address_sync(
        address.c_str(),
        static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, &error);
    if (connection == nullptr) die("can't connect to " + address + ": " + error->message);
    return connection;
}

void answer_ping(GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*,
                 GVariant*, GDBusMethodInvocation* invocation, gpointer) {
    g_dbus_method_invocation_return_value(invocation, g_variant_new("(s)", "pong"));
}

// Owns kServiceName and answers Ping() from a main loop in a thread of its own.
void run_service(const std::string& address, GMainLoop* loop, bool* ready) {
    GMainContext* context = g_main_loop_get_context(loop);
    g_main_context_push_thread_default(context);
    GDBusConnection* connection = connect(address);
    static const GDBusInterfaceVTable vtable{answer_ping, nullptr, nullptr, {}};
    GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kIntrospection, nullptr);
    g_dbus_connection_register_object(connection, kPath, node->interfaces[0], &vtable, nullptr,
                                      nullptr, nullptr);
    GVariant* reply = g_dbus_connection_call_sync(
        connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "RequestName", g_variant_new("(su)", kServiceName, 4u), nullptr, G_DBUS_CALL_FLAGS_NONE, -1,
        nullptr, nullptr);
    if (reply == nullptr) die("can't own " + std::string(kServiceName));
    g_variant_unref(reply);
    __atomic_store_n(ready, true, __ATOMIC_RELEASE);
    g_main_loop_run(loop);
    g_object_unref(connection);
    g_main_context_pop_thread_default(context);
}

double time_ping_ms(GDBusConnection* connection) {
    const auto start = Clock::now();
    GVariant* reply =
        g_dbus_connection_call_sync(connection, kServiceName, kPath, "org.example.Bench", "Ping",
                                    nullptr, nullptr, G_DBUS_CALL_FLAGS_NONE, -1, nullptr, nullptr);
    const auto end = Clock::now();
    if (reply == nullptr) die("Ping failed");
    g_variant_unref(reply);
    return std::chrono::duration<double, std::milli>(end - start).count();
}

dbus_proxy::BusProxyConfig proxy_config(const std::string& address, const fs::path& dir) {
    dbus_proxy::BusPolicy granted;
    granted.names[kServiceName] = dbus_proxy::BusAccess::Talk;
    auto policy =
        dbus_proxy::effective_bus_policy(dbus_proxy::Bus::Session, "org.example.App", granted);
    auto info = dbus_proxy::minimal_flatpak_info("org.example.App", "1");
    if (!policy || !info) die("bad bench policy");
    dbus_proxy::BusProxyConfig config;
    config.buses.push_back({dbus_proxy::Bus::Session, address, *policy, false});
    config.socket_dir = (dir / "proxy").string();
    config.flatpak_info = *info;
    return config;
}

dbus_proxy::BusProxy start_proxy(const dbus_proxy::BusProxyConfig& config) {
    auto proxy = dbus_proxy::BusProxy::start(config);
    if (!proxy) die(proxy.error().message());
    return std::move(*proxy);
}

void print(const char* label, const std::vector<double>& samples_ms) {
    const Summary summary = summarize(samples_ms);
    std::printf("%-34s median %8.3f ms   p90 %8.3f ms   (n=%zu)\n", label, summary.median_ms,
                summary.p90_ms, samples_ms.size());
}

void bench_round_trips(const Options& options, const std::string& address,
                       const dbus_proxy::BusProxy& proxy) {
    GDBusConnection* direct = connect(address);
    GDBusConnection* proxied = connect("unix:path=" + proxy.socket_path(dbus_proxy::Bus::Session));
    for (int i = 0; i < 100; ++i) {  // warm-up
        time_ping_ms(direct);
        time_ping_ms(proxied);
    }
    std::vector<double> direct_ms, proxied_ms;
    for (int i = 0; i < options.calls; ++i) {
        direct_ms.push_back(time_ping_ms(direct));
        proxied_ms.push_back(time_ping_ms(proxied));
    }
    print("Ping() straight on the bus", direct_ms);
    print("Ping() through xdg-dbus-proxy", proxied_ms);
    std::printf("%-34s %.2fx\n", "ratio (proxy / direct, medians)",
                summarize(proxied_ms).median_ms / summarize(direct_ms).median_ms);
    g_object_unref(direct);
    g_object_unref(proxied);
}

double time_connect_ms(const std::string& address) {
    const auto start = Clock::now();
    GDBusConnection* connection = connect(address);
    const auto end = Clock::now();
    g_object_unref(connection);
    return std::chrono::duration<double, std::milli>(end - start).count();
}

// A new connection (authentication, then Hello) straight on the bus against through the proxy.
void bench_connects(const Options& options, const std::string& address,
                    const dbus_proxy::BusProxy& proxy) {
    const std::string proxied = "unix:path=" + proxy.socket_path(dbus_proxy::Bus::Session);
    for (int i = 0; i < 10; ++i) {  // warm-up
        time_connect_ms(address);
        time_connect_ms(proxied);
    }
    std::vector<double> direct_ms, proxied_ms;
    for (int i = 0; i < options.connects; ++i) {
        direct_ms.push_back(time_connect_ms(address));
        proxied_ms.push_back(time_connect_ms(proxied));
    }
    print("connect + Hello straight", direct_ms);
    print("connect + Hello through the proxy", proxied_ms);
    std::printf("%-34s %.2fx\n", "ratio (proxy / direct, medians)",
                summarize(proxied_ms).median_ms / summarize(direct_ms).median_ms);
}

// xdg-dbus-proxy itself, unsandboxed, on the same bus with a filter, from spawn until it writes
// its sync byte (it listens); it exits when we close our end.
double time_bare_proxy_start_ms(const std::string& address, const fs::path& dir) {
    const std::string socket = (dir / "bare-proxy").string();
    ::unlink(socket.c_str());
    int sync[2];
    if (::pipe2(sync, O_CLOEXEC) != 0) die("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sync[1], 3);
    const std::string talk = std::string("--talk=") + kServiceName;
    const char* argv[] = {"xdg-dbus-proxy", "--fd=3",     address.c_str(), socket.c_str(),
                          "--filter",       talk.c_str(), nullptr};
    const auto start = Clock::now();
    pid_t pid = -1;
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, const_cast<char**>(argv), environ) != 0)
        die("can't run xdg-dbus-proxy");
    posix_spawn_file_actions_destroy(&actions);
    ::close(sync[1]);
    char byte = 0;
    if (::read(sync[0], &byte, 1) != 1) die("xdg-dbus-proxy exited before listening");
    const auto ready = Clock::now();
    ::close(sync[0]);
    ::waitpid(pid, nullptr, 0);
    return std::chrono::duration<double, std::milli>(ready - start).count();
}

// BusProxy::start() (as `sandbox run` starts the proxy) and, interleaved, the bare program.
void bench_starts(const Options& options, const dbus_proxy::BusProxyConfig& config,
                  const std::string& address, const fs::path& dir) {
    std::vector<double> start_ms, bare_ms;
    for (int i = 0; i < options.starts; ++i) {
        const auto start = Clock::now();
        {
            dbus_proxy::BusProxy proxy = start_proxy(config);
            start_ms.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        bare_ms.push_back(time_bare_proxy_start_ms(address, dir));
    }
    print("BusProxy::start() until listening", start_ms);
    print("xdg-dbus-proxy alone, same", bare_ms);
}

int run(const Options& options) {
    if (auto status = become_unprivileged_if_root(); !status) die(status.error().message());
    std::string dir_template = (fs::temp_directory_path() / "dbus-bench-XXXXXX").string();
    if (::mkdtemp(dir_template.data()) == nullptr) die("can't make a temporary directory");
    const fs::path dir = dir_template;
    {
        Daemon daemon(dir);
        // Forks happen in BusProxy::start(): the service thread starts after the first one, and
        // the forked child touches nothing of GLib.
        const dbus_proxy::BusProxyConfig config = proxy_config(daemon.address(), dir);
        bench_starts(options, config, daemon.address(), dir);
        dbus_proxy::BusProxy proxy = start_proxy(config);
        GMainContext* context = g_main_context_new();
        GMainLoop* loop = g_main_loop_new(context, FALSE);
        bool ready = false;
        std::thread service(run_service, daemon.address(), loop, &ready);
        while (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        bench_round_trips(options, daemon.address(), proxy);
        bench_connects(options, daemon.address(), proxy);
        g_main_loop_quit(loop);
        service.join();
    }
    std::error_code ignored;
    fs::remove_all(dir, ignored);
    return 0;
}

}  // namespace
}  // namespace sandbox::bench

int main(int argc, char** argv) {
    return sandbox::bench::run(sandbox::bench::parse_options(argc, argv));
}

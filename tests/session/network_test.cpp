// The network through `sandbox run`: without --share=network the app has its own namespace with
// only a working loopback, so neither the host's TCP servers nor its abstract sockets (X11's
// @/tmp/.X11-unix/X0, the session bus's @/tmp/dbus-…) can be reached; with it, they answer. The
// listeners live in this process, in the host's namespace; the probe connects and sends a greeting
// that we accept() and read afterwards (a listening socket completes the connection by itself).

#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <fstream>
#include <set>
#include <string>

#include "session/support/session_test.hpp"

namespace sandbox::test {
namespace {

using ::testing::ElementsAre;

constexpr char kGreeting[] = "sandbox-probe";
const std::string kShareNetwork = "--share=network";

// A listening socket of the host's namespace; what reached it is read after the sandbox ends.
class HostListener {
  public:
    static HostListener tcp_on_loopback() {
        HostListener listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto* generic = reinterpret_cast<sockaddr*>(&address);
        EXPECT_EQ(::bind(listener.fd_.get(), generic, length), 0) << errno;
        EXPECT_EQ(::getsockname(listener.fd_.get(), generic, &length), 0) << errno;
        listener.listen();
        listener.port_ = ntohs(address.sin_port);
        return listener;
    }

    // `name` without the '@' that stands for the leading NUL.
    static HostListener abstract_unix(const std::string& name) {
        HostListener listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        name.copy(address.sun_path + 1, sizeof address.sun_path - 1);
        const auto length =
            static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
        EXPECT_EQ(::bind(listener.fd_.get(), reinterpret_cast<sockaddr*>(&address), length), 0)
            << errno;
        listener.listen();
        return listener;
    }

    [[nodiscard]] std::string port() const { return std::to_string(port_); }

    // What the first pending client sent, or "" when none came.
    std::string received() {
        UniqueFd client(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!client) {
            EXPECT_EQ(errno, EAGAIN);
            return "";
        }
        std::string data;
        char buffer[64];
        ssize_t count = 0;
        while ((count = ::read(client.get(), buffer, sizeof buffer)) > 0)
            data.append(buffer, count);
        return data;
    }

  private:
    explicit HostListener(int fd) : fd_(fd) { EXPECT_TRUE(fd_.valid()) << errno; }
    void listen() { EXPECT_EQ(::listen(fd_.get(), 4), 0) << errno; }

    UniqueFd fd_;
    unsigned port_ = 0;
};

// Names in the host's abstract namespace shaped like the real ones but this run's own.
std::string x11_like_name() {
    return "/tmp/.X11-unix/X" + std::to_string(90000 + ::getpid());
}
std::string bus_like_name() {
    return "/tmp/dbus-sbxtest" + std::to_string(::getpid());
}

std::set<std::string> host_interfaces() {
    std::ifstream devices("/proc/net/dev");
    std::string line;
    std::set<std::string> names;
    for (int skipped = 0; skipped < 2 && std::getline(devices, line); ++skipped) {
    }
    while (std::getline(devices, line)) {
        std::string name = line.substr(0, line.find(':'));
        names.insert(name.substr(name.find_first_not_of(' ')));
    }
    return names;
}

std::set<std::string> interface_names(const KeyValues& report) {
    std::set<std::string> names;
    for (const std::string& entry : values_of(report, "interface"))
        names.insert(entry.substr(0, entry.find(':')));
    return names;
}

std::string host_namespace() {
    std::error_code error;
    return std::filesystem::read_symlink("/proc/self/ns/net", error).string();
}

class Network : public SessionTest {
  protected:
    KeyValues connect_tcp(const std::vector<std::string>& options, const std::string& port) {
        return probe_app(options, {"connect-tcp", "127.0.0.1", port});
    }
    KeyValues connect_abstract(const std::vector<std::string>& options, const std::string& name) {
        return probe_app(options, {"connect-abstract", name});
    }
    std::string inside_file(const std::vector<std::string>& options, const std::string& path) {
        CommandResult result = run_probe_app(options, {"cat", path});
        EXPECT_EQ(result.status, 0) << path << ": " << result.out << result.err;
        return result.out;
    }
};

TEST_F(Network, WithoutItOnlyLoopbackExistsAndItIsUp) {
    KeyValues report = probe_app({}, {"interfaces"});
    EXPECT_THAT(values_of(report, "interface"), ElementsAre("lo:up"));
    EXPECT_NE(value_of(probe_app({}, {"stat", "/proc/self/ns/net"}), "target"), host_namespace());
}

TEST_F(Network, WithoutItLoopbackCarriesTrafficInside) {
    EXPECT_EQ(value_of(probe_app({}, {"loopback"}), "loopback"), "ok");
}

TEST_F(Network, WithoutItTheHostsLoopbackServerIsUnreachable) {
    HostListener server = HostListener::tcp_on_loopback();
    KeyValues report = connect_tcp({}, server.port());
    EXPECT_EQ(value_of(report, "connect"), "ECONNREFUSED");
    EXPECT_EQ(server.received(), "");
}

TEST_F(Network, WithoutItHostAbstractSocketsOfX11AndTheBusAreRefused) {
    for (const std::string& name : {x11_like_name(), bus_like_name()}) {
        HostListener listener = HostListener::abstract_unix(name);
        KeyValues report = connect_abstract({}, name);
        EXPECT_EQ(value_of(report, "connect"), "ECONNREFUSED") << "@" << name;
        EXPECT_EQ(listener.received(), "") << "@" << name;
    }
}

TEST_F(Network, WithItTheHostsLoopbackServerAnswers) {
    HostListener server = HostListener::tcp_on_loopback();
    KeyValues report = connect_tcp({kShareNetwork}, server.port());
    EXPECT_EQ(value_of(report, "connect"), "ok");
    EXPECT_EQ(value_of(report, "send"), "ok");
    EXPECT_EQ(server.received(), kGreeting);
}

// Why the network is off by default: sharing it also shares the abstract sockets, proxy or not.
TEST_F(Network, WithItHostAbstractSocketsAreReachable) {
    for (const std::string& name : {x11_like_name(), bus_like_name()}) {
        HostListener listener = HostListener::abstract_unix(name);
        KeyValues report = connect_abstract({kShareNetwork}, name);
        EXPECT_EQ(value_of(report, "connect"), "ok") << "@" << name;
        EXPECT_EQ(listener.received(), kGreeting) << "@" << name;
    }
}

TEST_F(Network, WithItTheHostsNamespaceAndInterfaces) {
    KeyValues report = probe_app({kShareNetwork}, {"interfaces"});
    EXPECT_EQ(interface_names(report), host_interfaces());
    EXPECT_THAT(values_of(report, "interface"), ::testing::Contains("lo:up"));
    EXPECT_EQ(value_of(probe_app({kShareNetwork}, {"stat", "/proc/self/ns/net"}), "target"),
              host_namespace());
}

// As in Flatpak, the resolver's files are the host's either way: /etc/hosts keeps "localhost"
// resolving to the loopback the sandbox has even without the network.
TEST_F(Network, ResolverFilesAreTheHostsWithOrWithoutIt) {
    for (const char* file : {"/etc/resolv.conf", "/etc/hosts"}) {
        if (!std::filesystem::exists(file)) {
            EXPECT_EQ(value_of(probe_app({}, {"stat", file}), "exists"), "0") << file;
            continue;
        }
        const std::string host = read_file(file);
        EXPECT_EQ(inside_file({kShareNetwork}, file), host) << file;
        EXPECT_EQ(inside_file({}, file), host) << file;
        KeyValues mounted = probe_app({}, {"write", file});
        EXPECT_NE(value_of(mounted, "write"), "ok") << file;
    }
}

}  // namespace
}  // namespace sandbox::test

#include "private_bus.hpp"

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace sandbox::test::flatpak {
namespace {

namespace fs = std::filesystem;

constexpr auto kBusStartTimeout = std::chrono::seconds(20);
constexpr auto kBusStopTimeout = std::chrono::seconds(10);
constexpr const char* kDebianSystemBusConfig = "/usr/share/dbus-1/system.conf";

std::string read_text(const fs::path& path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::trunc);
    file << text;
    if (!file) throw std::runtime_error("cannot write " + path.string());
}

std::string listen_element(const fs::path& socket) {
    return "<listen>unix:path=" + socket.string() + "</listen>";
}

std::string session_bus_config(const fs::path& socket) {
    return R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  )" + listen_element(socket) +
           R"(
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
}

// Debian's system.conf made into one the test user can run.
std::string private_system_bus_config(const std::string& debian_config, const fs::path& socket) {
    static const std::regex needs_root_or_service_manager(
        R"(<user>[^<]*</user>|<fork/>|<pidfile>[^<]*</pidfile>|<syslog/>|)"
        R"(<servicehelper>[^<]*</servicehelper>|<standard_system_servicedirs/>)");
    static const std::regex listen("<listen>[^<]*</listen>");
    std::string config = std::regex_replace(debian_config, needs_root_or_service_manager, "");
    return std::regex_replace(config, listen, listen_element(socket));
}

}  // namespace

PrivateBus::PrivateBus(const fs::path& config) {
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/dbus-daemon", "--config-file=" + config.string(),
                                 "--nofork", "--print-address=1"},
        CommandOptions{});
    if (!daemon_->wait_for_output("\n", kBusStartTimeout))
        throw std::runtime_error("dbus-daemon with " + config.string() +
                                 " printed no address; it said: " + daemon_->output_so_far());
    const std::string& printed = daemon_->output_so_far();
    address_ = printed.substr(0, printed.find('\n'));
}

PrivateBus::~PrivateBus() {
    daemon_->signal(SIGTERM);
    daemon_->finish(kBusStopTimeout);
}

std::unique_ptr<PrivateBus> PrivateBus::start_system(const fs::path& dir) {
    fs::path config = dir / "system-bus.conf";
    write_text(config, private_system_bus_config(read_text(kDebianSystemBusConfig),
                                                 dir / "system_bus_socket"));
    return std::unique_ptr<PrivateBus>(new PrivateBus(config));
}

std::unique_ptr<PrivateBus> PrivateBus::start_session(const fs::path& dir) {
    fs::path config = dir / "session-bus.conf";
    write_text(config, session_bus_config(dir / "session_bus_socket"));
    return std::unique_ptr<PrivateBus>(new PrivateBus(config));
}

}  // namespace sandbox::test::flatpak

#include "session/support/private_bus.hpp"

#include <unistd.h>

#include <csignal>
#include <regex>
#include <stdexcept>

#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr const char* kSessionSocketName = "session_bus_socket";
constexpr const char* kDebianSystemBusConfig = "/usr/share/dbus-1/system.conf";

std::string listen_element(const fs::path& socket) {
    return "<listen>unix:path=" + socket.string() + "</listen>";
}

std::string service_dir_elements(const std::vector<fs::path>& dirs) {
    std::string elements;
    for (const fs::path& dir : dirs)
        elements += "<servicedir>" + dir.string() + "</servicedir>\n  ";
    return elements;
}

std::string open_bus_config(const fs::path& socket, const std::vector<fs::path>& service_dirs) {
    return R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  )" + listen_element(socket) +
           R"(
  <auth>EXTERNAL</auth>
  )" + service_dir_elements(service_dirs) +
           R"(<policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
}

std::string private_system_bus_config(const std::string& debian_config, const fs::path& socket) {
    static const std::regex needs_root_or_service_manager(
        R"(<user>[^<]*</user>|<fork/>|<pidfile>[^<]*</pidfile>|<syslog/>|)"
        R"(<servicehelper>[^<]*</servicehelper>|<standard_system_servicedirs/>)");
    static const std::regex listen("<listen>[^<]*</listen>");
    std::string config = std::regex_replace(debian_config, needs_root_or_service_manager, "");
    return std::regex_replace(config, listen, listen_element(socket));
}

CommandOptions with_log(CommandOptions options, const fs::path& log) {
    std::vector<std::string> environment;
    if (options.environment) {
        environment = *options.environment;
    } else {
        for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
    }
    environment.push_back("SANDBOX_TEST_BUS_LOG=" + log.string());
    options.environment = std::move(environment);
    return options;
}

}  // namespace

PrivateBus::PrivateBus(const fs::path& config, fs::path socket, const CommandOptions& options)
    : socket_(std::move(socket)) {
    // Its stderr goes to a file beside its config: nobody reads the pipe while tests run, and a
    // daemon that logs 64 KiB (a refusal per message, under a storm of bad calls) would block on
    // it and hang the whole session.
    const fs::path log = config.parent_path() / "dbus-daemon.log";
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{
            "/bin/sh", "-c",
            "log=$SANDBOX_TEST_BUS_LOG; unset SANDBOX_TEST_BUS_LOG; exec \"$0\" \"$@\" 2>>\"$log\"",
            "/usr/bin/dbus-daemon", "--config-file=" + config.string(), "--nofork",
            "--print-address=1"},
        with_log(options, log));
    if (!daemon_->wait_for_output("\n", kStartTimeout))
        throw std::runtime_error("dbus-daemon with " + config.string() +
                                 " printed no address; it said: " + daemon_->output_so_far());
    const std::string& printed = daemon_->output_so_far();
    address_ = printed.substr(0, printed.find('\n'));
}

PrivateBus::~PrivateBus() {
    daemon_->signal(SIGTERM);
    daemon_->finish(kStopTimeout);
}

std::string PrivateBus::address_of(const fs::path& dir) {
    return "unix:path=" + (dir / kSessionSocketName).string();
}

std::unique_ptr<PrivateBus> PrivateBus::start_session(const fs::path& dir,
                                                      const SessionBusOptions& options) {
    fs::create_directories(dir);
    const fs::path config = dir / "session-bus.conf";
    const fs::path socket = dir / kSessionSocketName;
    write_file(config, open_bus_config(socket, options.service_dirs));
    CommandOptions daemon_options;
    daemon_options.environment = options.environment;
    return std::unique_ptr<PrivateBus>(new PrivateBus(config, socket, daemon_options));
}

std::unique_ptr<PrivateBus> PrivateBus::start_system(const fs::path& dir) {
    fs::create_directories(dir);
    const fs::path config = dir / "system-bus.conf";
    const fs::path socket = dir / "system_bus_socket";
    write_file(config, private_system_bus_config(read_file(kDebianSystemBusConfig), socket));
    return std::unique_ptr<PrivateBus>(new PrivateBus(config, socket, CommandOptions{}));
}

}  // namespace sandbox::test

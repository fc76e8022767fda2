#include "private_bus.hpp"

#include <csignal>
#include <stdexcept>

#include "support/files.hpp"

namespace sandbox::test::dbus {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);

std::string session_config(const fs::path& socket) {
    return R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=)" +
           socket.string() + R"(</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";
}

}  // namespace

PrivateBus::PrivateBus(const fs::path& dir) {
    fs::create_directories(dir);
    const fs::path config = dir / "bus.conf";
    write_file(config, session_config(dir / "socket"));
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/dbus-daemon", "--config-file=" + config.string(),
                                 "--nofork", "--print-address=1"},
        CommandOptions{});
    if (!daemon_->wait_for_output("\n", kStartTimeout))
        throw std::runtime_error("dbus-daemon printed no address; it said: " +
                                 daemon_->output_so_far());
    const std::string& printed = daemon_->output_so_far();
    address_ = printed.substr(0, printed.find('\n'));
}

PrivateBus::~PrivateBus() {
    daemon_->signal(SIGTERM);
    daemon_->finish(kStopTimeout);
}

std::unique_ptr<ChildProcess> start_test_service(const std::string& address,
                                                 const std::string& name) {
    auto service = std::make_unique<ChildProcess>(
        std::vector<std::string>{DBUS_TEST_SERVICE, address, name}, CommandOptions{});
    if (!service->wait_for_output("ready\n", kStartTimeout))
        throw std::runtime_error("dbus-test-service " + name + " did not start");
    return service;
}

}  // namespace sandbox::test::dbus

#include "session/support/test_bus_service.hpp"

#include <stdexcept>

namespace sandbox::test {

std::unique_ptr<ChildProcess> start_test_service(const std::string& address,
                                                 const std::string& name,
                                                 const std::string& a11y_address) {
    std::vector<std::string> argv{DBUS_TEST_SERVICE, address, name};
    if (!a11y_address.empty()) argv.push_back(a11y_address);
    auto service = std::make_unique<ChildProcess>(argv, CommandOptions{});
    if (!service->wait_for_output("ready\n", std::chrono::seconds(20)))
        throw std::runtime_error("dbus-test-service " + name + " did not start");
    return service;
}

}  // namespace sandbox::test

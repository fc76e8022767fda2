#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test::dbus {

// A dbus-daemon of the test user's with a config of the test's own, listening on `dir`/socket.
// Its policy is Debian's session bus policy (eavesdropping, monitoring and owning any name are
// allowed), so whatever an app is refused is the proxy's doing. Stopped on destruction.
class PrivateBus {
  public:
    explicit PrivateBus(const std::filesystem::path& dir);
    PrivateBus(const PrivateBus&) = delete;
    PrivateBus& operator=(const PrivateBus&) = delete;
    ~PrivateBus();

    [[nodiscard]] const std::string& address() const { return address_; }

  private:
    std::unique_ptr<ChildProcess> daemon_;
    std::string address_;
};

// dbus-test-service owning `name` on the bus at `address`; killed on destruction.
std::unique_ptr<ChildProcess> start_test_service(const std::string& address,
                                                 const std::string& name);

}  // namespace sandbox::test::dbus

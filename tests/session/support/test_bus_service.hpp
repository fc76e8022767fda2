#pragma once

// tests/dbus/dbus_test_service.cpp, started on a test's bus: owns a name and answers Ping and
// WhoAmI at /org/example/Test (and, when given an accessibility bus address, org.a11y.Bus).

#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test {

// dbus-test-service owning `name` on the bus at `address`, once it owns it; killed on
// destruction. `a11y_address`: what its org.a11y.Bus.GetAddress answers.
std::unique_ptr<ChildProcess> start_test_service(const std::string& address,
                                                 const std::string& name,
                                                 const std::string& a11y_address = "");

}  // namespace sandbox::test

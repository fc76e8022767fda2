#pragma once

// The accessibility bus is a bus of its own, started on demand by at-spi's launcher; clients find
// it by asking org.a11y.Bus on the session bus.

#include <string>

namespace sandbox::run {

// org.a11y.Bus.GetAddress on the session bus at `session_address`; empty when there is no
// accessibility bus (no such service, or no answer within a second).
std::string ask_accessibility_bus_address(const std::string& session_address);

// Why nothing listens at the bus `address` (one of its sockets must accept a connection), or ""
// when something does. TCP addresses are not tried.
std::string unreachable_bus_reason(const std::string& address);

}  // namespace sandbox::run

#pragma once

// What a D-Bus address ("unix:path=/run/user/1000/bus,guid=…;tcp:host=…") means for the proxy's
// sandbox: which socket files to bind into it, and whether it needs the host's network namespace.

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::dbus_proxy {

struct BusAddress {
    std::vector<std::string> socket_paths;    // unix:path=, unescaped, absolute
    std::vector<std::string> abstract_names;  // unix:abstract=, unescaped
    bool uses_tcp = false;                    // tcp:
    // Abstract sockets and TCP are reached through the network namespace, not the file system.
    [[nodiscard]] bool needs_host_network() const { return uses_tcp || !abstract_names.empty(); }
    bool operator==(const BusAddress&) const = default;
};

// Parses every ';'-separated entry; fails with one line on syntax errors, listen-only forms
// (unix:tmpdir=, unix:dir=, unix:runtime=) and transports a sandboxed proxy cannot use.
Result<BusAddress> parse_bus_address(std::string_view address);

}  // namespace sandbox::dbus_proxy

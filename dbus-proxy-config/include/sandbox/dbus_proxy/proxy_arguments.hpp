#pragma once

// Policy → xdg-dbus-proxy's command line (FLATPAK-NOTES §2). Pure: the runner (bus_proxy.hpp)
// writes the result into the memfd the proxy reads with --args=FD.

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/dbus_proxy/policy.hpp"

namespace sandbox::dbus_proxy {

// One bus as the proxy serves it.
struct ProxyEndpoint {
    std::string address;      // the real bus, e.g. unix:path=/run/user/1000/bus
    std::string socket_path;  // where the proxy listens
    BusPolicy policy;
    bool log = false;  // --log: the proxy prints every message (for debugging an app)
    bool operator==(const ProxyEndpoint&) const = default;
};

// ADDRESS PATH --filter [--sloppy-names] --own=/--talk=/--see=NAME… --call=NAME=RULE…
// --broadcast=NAME=RULE… [--log]. Names with access None are left out. Fails, naming the culprit,
// on an invalid name or rule, an empty or option-like address, or a relative socket path.
Result<std::vector<std::string>> proxy_arguments(const ProxyEndpoint& endpoint);

// What one proxy process serving `endpoints` gets: --fd=SYNC_FD, then each endpoint's arguments.
Result<std::vector<std::string>> proxy_process_arguments(
    int sync_fd, const std::vector<ProxyEndpoint>& endpoints);

// The arguments as xdg-dbus-proxy reads an --args=FD file: each one followed by a NUL byte.
std::string args_file_content(const std::vector<std::string>& arguments);

}  // namespace sandbox::dbus_proxy

#pragma once

// What the app's LaunchPlan needs to reach the proxied buses: the proxy's socket directory bound
// read-only at kProxyDirInside, and a link from where clients look for each bus (Flatpak's places)
// to its socket there, with the variable naming it. The directory exists before the proxy
// listens, so the app's sandbox can be built while the proxy starts.

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

#include "sandbox/dbus_proxy/policy.hpp"
#include "sandbox/launcher/plan.hpp"

namespace sandbox::dbus_proxy {

// /run/user/UID/bus, /run/dbus/system_bus_socket, /run/flatpak/at-spi-bus.
std::string sandbox_socket_path(Bus bus, uid_t uid);
// DBUS_SESSION_BUS_ADDRESS, DBUS_SYSTEM_BUS_ADDRESS, AT_SPI_BUS_ADDRESS.
std::string address_variable(Bus bus);

inline constexpr const char* kProxyDirInside = "/run/sandbox/bus-proxy";

struct AppBusView {
    std::vector<launcher::MountOp> mounts;  // append to LaunchPlan::mounts (after /run exists)
    std::vector<std::string> environment;   // "NAME=unix:path=…", append to the environment
    bool operator==(const AppBusView&) const = default;
};

// `socket_dir`: the proxy's socket directory on the host; `sockets`: each proxied bus and the
// name of its socket in that directory; `uid`: the app's uid inside the sandbox.
AppBusView app_bus_view(const std::string& socket_dir,
                        const std::vector<std::pair<Bus, std::string>>& sockets, uid_t uid);

}  // namespace sandbox::dbus_proxy

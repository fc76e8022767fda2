#pragma once

// What the app's LaunchPlan needs to reach the proxied buses: each proxy socket bound read-only
// where clients look for that bus (Flatpak's places), and the variable naming it.

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

struct AppBusView {
    std::vector<launcher::MountOp> mounts;  // append to LaunchPlan::mounts (after /run exists)
    std::vector<std::string> environment;   // "NAME=unix:path=…", append to the environment
    bool operator==(const AppBusView&) const = default;
};

// `sockets`: each proxied bus and the host path of the proxy's socket for it; `uid`: the app's
// uid inside the sandbox.
AppBusView app_bus_view(const std::vector<std::pair<Bus, std::string>>& sockets, uid_t uid);

}  // namespace sandbox::dbus_proxy

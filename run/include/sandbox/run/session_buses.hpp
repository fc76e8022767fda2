#pragma once

// Which D-Bus buses a sandbox reaches, and how (docs/DBUS.md): a bus whose socket permission is
// granted (--socket=session-bus, system-bus) is the real one, bound into the sandbox; otherwise
// the session bus, the accessibility bus, and the system bus when the app has a system bus policy,
// go through one xdg-dbus-proxy with the app's policy on top of the defaults. A bus the host does
// not have is left out.

#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/dbus_proxy/bus_proxy.hpp"
#include "sandbox/run/session_services.hpp"

namespace sandbox::run {

// The host's bus addresses, empty when the host has no such bus.
struct HostBuses {
    std::string session;  // $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus when it exists
    std::string system;   // $DBUS_SYSTEM_BUS_ADDRESS, else /run/dbus/system_bus_socket if there
    // find_accessibility_bus(), when known: proxied only with a session bus.
    std::string accessibility;
};

struct BusPlan {
    std::vector<dbus_proxy::ProxiedBus> proxied;  // empty: no proxy
    // The real buses the app may use directly, and the variables naming them.
    std::vector<launcher::MountOp> direct_mounts;
    std::map<std::string, std::string> environment;
    std::vector<std::string> warnings;
};

// An app's [Session Bus Policy] or [System Bus Policy], as the proxy's policy type (before the
// defaults: dbus_proxy::effective_bus_policy adds them).
dbus_proxy::BusPolicy granted_bus_policy(
    const std::map<std::string, permissions::BusPolicy>& names);

// Pure: the permissions and the host's buses → what to proxy and what to bind. Fails on a
// hostile name in a bus policy (one line naming it).
Result<BusPlan> plan_buses(const permissions::Context& context, const HostBuses& buses,
                           const SessionHost& host);

// Starts asking the session bus for the accessibility bus' address (in a child process: see
// a11y_bus_address.hpp), when there is a session bus and $AT_SPI_BUS_ADDRESS is unset; else null.
// `sandbox run` calls it first thing, so the answer is there by the time it is needed.
std::shared_ptr<AccessibilityLookup> start_accessibility_lookup(const SessionHost& host);

// $AT_SPI_BUS_ADDRESS, else what org.a11y.Bus answers (host.accessibility's lookup); only with
// a session bus, and only when something listens there: nobody asked for it, so a stale one is
// left out with a warning, where an unreachable session or system bus fails the run.
std::string find_accessibility_bus(const SessionHost& host, std::vector<std::string>& warnings);

// The host's session and system buses as SessionHost describes them (one stat per default socket;
// the a11y bus' address asked of the session bus when the variable is unset).
HostBuses find_host_buses(const SessionHost& host);

}  // namespace sandbox::run

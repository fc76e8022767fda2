#include "sandbox/run/session_buses.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "a11y_bus_address.hpp"
#include "sandbox/dbus_proxy/app_bus.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"
#include "sandbox/dbus_proxy/defaults.hpp"
#include "session_services_state.hpp"

namespace sandbox::run {
namespace {

using dbus_proxy::Bus;
using dbus_proxy::BusAccess;
using permissions::Socket;

Status add_proxied(BusPlan& plan, Bus bus, const std::string& address, const SessionHost& host,
                   const std::map<std::string, permissions::BusPolicy>& granted) {
    auto policy = dbus_proxy::effective_bus_policy(bus, host.app_id, granted_bus_policy(granted));
    if (!policy) return policy.take_error();
    const bool log = (bus == Bus::Session && host.log_session_bus) ||
                     (bus == Bus::System && host.log_system_bus);
    plan.proxied.push_back(dbus_proxy::ProxiedBus{bus, address, std::move(*policy), log});
    return ok_status();
}

// The real bus, for --socket=session-bus / system-bus: its socket file bound where clients look,
// or, for an abstract socket or TCP, the address itself when the sandbox has the host's network.
Status add_direct(BusPlan& plan, Bus bus, const std::string& address, const SessionHost& host) {
    auto parsed = dbus_proxy::parse_bus_address(address);
    if (!parsed) return parsed.take_error();
    const std::string variable = dbus_proxy::address_variable(bus);
    if (!parsed->socket_paths.empty()) {
        const std::string inside = dbus_proxy::sandbox_socket_path(bus, host.uid);
        plan.direct_mounts.emplace_back(
            launcher::BindMount{launcher::HostPath{parsed->socket_paths.front()}, inside,
                                launcher::BindAccess::ReadOnly});
        plan.environment[variable] = "unix:path=" + inside;
    } else if (host.network) {
        plan.environment[variable] = address;
    } else {
        plan.warnings.push_back("The " + std::string(dbus_proxy::bus_name(bus)) + " bus at \"" +
                                address +
                                "\" is reached through the network, which this app does not "
                                "share: it gets no " +
                                std::string(dbus_proxy::bus_name(bus)) + " bus");
    }
    return ok_status();
}

bool socket_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

}  // namespace

dbus_proxy::BusPolicy granted_bus_policy(
    const std::map<std::string, permissions::BusPolicy>& names) {
    dbus_proxy::BusPolicy policy;
    for (const auto& [name, access] : names) {
        switch (access) {
            case permissions::BusPolicy::None:
                policy.names[name] = BusAccess::None;
                break;
            case permissions::BusPolicy::See:
                policy.names[name] = BusAccess::See;
                break;
            case permissions::BusPolicy::Talk:
                policy.names[name] = BusAccess::Talk;
                break;
            case permissions::BusPolicy::Own:
                policy.names[name] = BusAccess::Own;
                break;
        }
    }
    return policy;
}

Result<BusPlan> plan_buses(const permissions::Context& context, const HostBuses& buses,
                           const SessionHost& host) {
    BusPlan plan;
    if (!buses.session.empty()) {
        if (permissions::is_granted(context.sockets, Socket::SessionBus))
            SANDBOX_TRY(add_direct(plan, Bus::Session, buses.session, host));
        else
            SANDBOX_TRY(add_proxied(plan, Bus::Session, buses.session, host, context.session_bus));
    }
    if (!buses.system.empty()) {
        if (permissions::is_granted(context.sockets, Socket::SystemBus))
            SANDBOX_TRY(add_direct(plan, Bus::System, buses.system, host));
        else if (!context.system_bus.empty())
            SANDBOX_TRY(add_proxied(plan, Bus::System, buses.system, host, context.system_bus));
    }
    if (!buses.accessibility.empty() && !buses.session.empty())
        SANDBOX_TRY(add_proxied(plan, Bus::Accessibility, buses.accessibility, host, {}));
    return plan;
}

namespace {

std::string a11y_cache_path(const SessionHost& host) {
    return host.runtime_dir + "/.sandbox/a11y-bus";
}

std::string host_session_bus(const SessionHost& host) {
    std::string address = host_variable(host, "DBUS_SESSION_BUS_ADDRESS");
    if (address.empty() && socket_exists(host.runtime_dir + "/bus"))
        address = "unix:path=" + host.runtime_dir + "/bus";
    return address;
}

}  // namespace

std::shared_ptr<AccessibilityLookup> start_accessibility_lookup(const SessionHost& host) {
    if (!host_variable(host, "AT_SPI_BUS_ADDRESS").empty()) return nullptr;
    const std::string session = host_session_bus(host);
    return session.empty() ? nullptr : AccessibilityLookup::start(session, a11y_cache_path(host));
}

namespace {

std::string ask_accessibility(const SessionHost& host, const std::string& session) {
    std::shared_ptr<AccessibilityLookup> lookup =
        host.accessibility ? host.accessibility
                           : AccessibilityLookup::start(session, a11y_cache_path(host));
    return lookup ? lookup->address() : std::string();
}

}  // namespace

HostBuses find_host_buses(const SessionHost& host) {
    HostBuses buses;
    buses.session = host_session_bus(host);
    buses.system = host_variable(host, "DBUS_SYSTEM_BUS_ADDRESS");
    if (buses.system.empty() && socket_exists("/run/dbus/system_bus_socket"))
        buses.system = "unix:path=/run/dbus/system_bus_socket";
    return buses;
}

std::string find_accessibility_bus(const SessionHost& host, std::vector<std::string>& warnings) {
    const std::string session = host_session_bus(host);
    if (session.empty()) return {};
    std::string address = host_variable(host, "AT_SPI_BUS_ADDRESS");
    if (address.empty()) address = ask_accessibility(host, session);
    if (address.empty()) return {};
    if (const std::string reason = unreachable_bus_reason(address); !reason.empty()) {
        warnings.push_back("Can't reach the accessibility bus at \"" + address + "\": " + reason +
                           "; the app gets no accessibility bus");
        return {};
    }
    return address;
}

namespace {

void add_variables(SessionGrants& grants, const std::vector<std::string>& entries) {
    for (const std::string& entry : entries) {
        const std::size_t equals = entry.find('=');
        grants.environment[entry.substr(0, equals)] = entry.substr(equals + 1);
    }
}

// Starts a proxy for `buses` with its sockets in the instance's bus-proxy directory (shared by
// every proxy of the run; the app's sandbox binds it once) and hands the app its view: the links,
// the variables, the sync fd for pid 1 to hold and the ready gate for the launcher to wait on.
Status spawn_proxy(std::vector<dbus_proxy::ProxiedBus> buses, const SessionHost& host,
                   SessionServices& services) {
    dbus_proxy::BusProxyConfig config;
    config.buses = std::move(buses);
    config.socket_dir = host.instance_dir + "/bus-proxy";
    config.flatpak_info = host.flatpak_info;
    auto proxy = dbus_proxy::BusProxy::spawn(config);
    if (!proxy) return proxy.take_error();
    SessionGrants& grants = services.grants;
    const dbus_proxy::AppBusView view = proxy->app_view(host.uid);
    for (const launcher::MountOp& mount : view.mounts) {
        const auto* bind = std::get_if<launcher::BindMount>(&mount);
        const bool bound = bind != nullptr && std::find(grants.mounts.begin(), grants.mounts.end(),
                                                        mount) != grants.mounts.end();
        if (!bound) grants.mounts.push_back(mount);
    }
    add_variables(grants, view.environment);
    auto ready = proxy->ready_fd();
    if (!ready) return ready.take_error();
    grants.sync_fds.push_back(proxy->sync_fd());
    grants.ready_gates.push_back(
        launcher::ReadyGate{ready->get(), proxy->ready_timeout(), proxy->not_ready_message()});
    services.owned.push_back(std::move(*ready));
    services.buses->proxies.push_back(std::move(*proxy));
    return ok_status();
}

}  // namespace

Status grant_buses(const permissions::Context& context, const SessionHost& host,
                   SessionServices& services) {
    // When the accessibility bus' address is already known (the variable, or the cache), one
    // proxy serves it with the others; when it is still being asked, it comes later
    // (grant_accessibility_bus), so that the session's proxy need not wait for the answer.
    HostBuses buses = find_host_buses(host);
    const bool known = !host_variable(host, "AT_SPI_BUS_ADDRESS").empty() || !host.accessibility ||
                       host.accessibility->known();
    if (known) {
        buses.accessibility = find_accessibility_bus(host, services.grants.warnings);
        services.buses->accessibility_decided = true;
    }
    auto plan = plan_buses(context, buses, host);
    if (!plan) return plan.take_error();
    SessionGrants& grants = services.grants;
    for (auto& mount : plan->direct_mounts) grants.mounts.push_back(std::move(mount));
    for (auto& [name, value] : plan->environment) grants.environment[name] = value;
    for (auto& warning : plan->warnings) grants.warnings.push_back(std::move(warning));
    if (plan->proxied.empty()) return ok_status();
    return spawn_proxy(std::move(plan->proxied), host, services);
}

Status grant_accessibility_bus(const SessionHost& host, SessionServices& services) {
    if (services.buses->accessibility_decided) return ok_status();
    const std::string address = find_accessibility_bus(host, services.grants.warnings);
    if (address.empty()) return ok_status();
    BusPlan plan;
    SANDBOX_TRY(add_proxied(plan, Bus::Accessibility, address, host, {}));
    return spawn_proxy(std::move(plan.proxied), host, services);
}

}  // namespace sandbox::run

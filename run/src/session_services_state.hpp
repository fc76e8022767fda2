#pragma once

// What SessionServices keeps of the buses: the proxy, alive as long as the run.

#include <vector>

#include "sandbox/dbus_proxy/bus_proxy.hpp"
#include "sandbox/run/session_services.hpp"

namespace sandbox::run {

struct SessionServices::Buses {
    std::vector<dbus_proxy::BusProxy> proxies;  // the session/system one, the accessibility one
    bool accessibility_decided = false;         // served (or not) by the first proxy

    Buses() = default;
    Buses(const Buses&) = delete;
    Buses& operator=(const Buses&) = delete;
    // Services end with the run, after the app's sandbox.
    ~Buses() {
        for (dbus_proxy::BusProxy& proxy : proxies) proxy.end_now();
    }
};

}  // namespace sandbox::run

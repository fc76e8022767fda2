#pragma once

// What SessionServices keeps of the buses: the proxy, alive as long as the run.

#include <optional>

#include "sandbox/dbus_proxy/bus_proxy.hpp"
#include "sandbox/run/session_services.hpp"

namespace sandbox::run {

struct SessionServices::Buses {
    std::optional<dbus_proxy::BusProxy> proxy;
};

}  // namespace sandbox::run

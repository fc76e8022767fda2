#pragma once

#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"

namespace sandbox::dbus_proxy {

// xdg-dbus-proxy connects to the bus only when a client connects to it, so a wrong address would
// show up later as the app's failure; this connects once now to one of the address's unix
// sockets (TCP entries are not tried). Fails with the first entry's error, as
// "Can't reach the BUS_LABEL bus at ADDRESS: …".
Status check_bus_reachable(std::string_view bus_label, std::string_view address,
                           const BusAddress& parsed);

// 0 when one of the address's unix sockets (paths, then abstract names) accepts a connection, or
// when it has none (TCP only); else the errno of the first one tried.
int first_connect_error(const BusAddress& parsed);

}  // namespace sandbox::dbus_proxy

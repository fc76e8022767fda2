#pragma once

// The policy every sandboxed app gets on each bus before its own grants (Flatpak's, see
// README.md in this folder): on the session bus it owns APPID.* and
// org.mpris.MediaPlayer2.APPID.*, may call the portals and hears their broadcasts; on the
// accessibility bus it gets AT-SPI's fixed list; on the system bus nothing.

#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/dbus_proxy/policy.hpp"

namespace sandbox::dbus_proxy {

// The defaults for `bus` with APPID filled in; fails on an invalid app id.
Result<BusPolicy> default_bus_policy(Bus bus, std::string_view app_id);

// The defaults plus what the app was granted (its [Session Bus Policy] after overrides and
// flags), checked: what the proxy of that bus gets.
Result<BusPolicy> effective_bus_policy(Bus bus, std::string_view app_id, const BusPolicy& granted);

}  // namespace sandbox::dbus_proxy

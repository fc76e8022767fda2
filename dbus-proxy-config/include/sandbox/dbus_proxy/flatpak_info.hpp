#pragma once

// The proxy's /.flatpak-info tells services on the bus which app a proxied connection belongs
// to. `sandbox run` gives the proxy the same text as the app; this makes the smallest one that
// identifies an instance, for callers (and tests) that have no full one.

#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::dbus_proxy {

// "[Application]\nname=APP_ID\n\n[Instance]\ninstance-id=INSTANCE_ID\n"; both are checked, so
// neither can add lines or groups to the keyfile.
Result<std::string> minimal_flatpak_info(std::string_view app_id, std::string_view instance_id);

}  // namespace sandbox::dbus_proxy

#pragma once

// Checks on everything that reaches the proxy's command line or the proxy's /.flatpak-info. Bus
// names come from app metadata, which is hostile input: anything that is not a plain D-Bus name
// is refused with one line naming it (unprintable bytes shown as \xNN).

#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/dbus_proxy/policy.hpp"

namespace sandbox::dbus_proxy {

// A well-known D-Bus name (not a unique ":1.2" one), optionally ending in ".*".
Status check_bus_name(std::string_view name);
// An app id: a well-known D-Bus name without wildcard.
Status check_app_id(std::string_view app_id);
// [A-Za-z0-9._-], 1 to 64 bytes.
Status check_instance_id(std::string_view instance_id);
// A --call/--broadcast RULE: [METHOD][@PATH].
Status check_rule(std::string_view rule);
Status check_policy(const BusPolicy& policy);

// The text in double quotes, bytes outside printable ASCII as \xNN, cut at 100 bytes.
std::string in_quotes(std::string_view text);

}  // namespace sandbox::dbus_proxy

#pragma once

// A bus policy as plain data: what a sandboxed app may do with each name on one bus, plus the
// method-call and broadcast rules xdg-dbus-proxy understands. Filled from the defaults
// (defaults.hpp) and the app's [Session Bus Policy] / [System Bus Policy]; turned into the
// proxy's arguments by proxy_arguments.hpp.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::dbus_proxy {

// The buses an app can reach through the proxy.
enum class Bus { Session, System, Accessibility };
std::string_view bus_name(Bus bus);  // "session", "system", "accessibility"

// Ordered: each level includes the ones before it (xdg-dbus-proxy's FlatpakPolicy).
enum class BusAccess { None, See, Talk, Own };

// xdg-dbus-proxy's --call=NAME=RULE / --broadcast=NAME=RULE. RULE is [METHOD][@PATH]: METHOD is
// "*", an interface, "interface.*" or a full method name; PATH an object path, maybe ending "/*".
struct BusRule {
    std::string name;  // a well-known name, maybe ending ".*"
    std::string rule;
    bool operator==(const BusRule&) const = default;
};

struct BusPolicy {
    std::map<std::string, BusAccess> names;  // well-known name, maybe ending ".*" → access
    std::vector<BusRule> calls;              // methods callable on names the app only sees
    std::vector<BusRule> broadcasts;         // signals the app receives from names it only sees
    bool sloppy_names = false;               // report every unique name (the a11y bus needs it)
    bool operator==(const BusPolicy&) const = default;
};

// "none", "see", "talk", "own": the words of Flatpak's metadata and of the proxy's options.
std::string_view bus_access_name(BusAccess access);
std::optional<BusAccess> parse_bus_access(std::string_view word);

// Adds `extra` to `policy`: a name present in both gets the greater access (xdg-dbus-proxy keeps
// the greatest of repeated options the same way), rules are appended, sloppy names stick.
void merge_into(BusPolicy& policy, const BusPolicy& extra);

}  // namespace sandbox::dbus_proxy

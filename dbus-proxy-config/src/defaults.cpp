// The default policies as data, "@APPID@" standing for the app id. Taken from Flatpak
// (common/flatpak-run-dbus.c, flatpak_context_add_bus_filters in common/flatpak-context.c).
#include "sandbox/dbus_proxy/defaults.hpp"

#include <string>
#include <vector>

#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

constexpr std::string_view kAppIdMarker = "@APPID@";

struct DefaultPolicy {
    std::vector<std::pair<std::string_view, BusAccess>> names;
    std::vector<std::pair<std::string_view, std::string_view>> calls;
    std::vector<std::pair<std::string_view, std::string_view>> broadcasts;
    bool sloppy_names = false;
};

const DefaultPolicy& session_defaults() {
    static const DefaultPolicy policy{
        {{"@APPID@.*", BusAccess::Own}, {"org.mpris.MediaPlayer2.@APPID@.*", BusAccess::Own}},
        {{"org.freedesktop.portal.*", "*"}},
        {{"org.freedesktop.portal.*", "@/org/freedesktop/portal/*"}},
    };
    return policy;
}

// AT-SPI: the registry's events and the few calls a toolkit makes to plug its tree into the
// desktop's, nothing else of the a11y bus (which carries every app's widgets and keystrokes).
const DefaultPolicy& accessibility_defaults() {
    static constexpr std::string_view registry = "org.a11y.atspi.Registry";
    static const DefaultPolicy policy{
        {},
        {
            {registry, "org.a11y.atspi.Socket.Embed@/org/a11y/atspi/accessible/root"},
            {registry, "org.a11y.atspi.Socket.Unembed@/org/a11y/atspi/accessible/root"},
            {registry, "org.a11y.atspi.Registry.GetRegisteredEvents@/org/a11y/atspi/registry"},
            {registry,
             "org.a11y.atspi.DeviceEventController.GetKeystrokeListeners"
             "@/org/a11y/atspi/registry/deviceeventcontroller"},
            {registry,
             "org.a11y.atspi.DeviceEventController.GetDeviceEventListeners"
             "@/org/a11y/atspi/registry/deviceeventcontroller"},
            {registry,
             "org.a11y.atspi.DeviceEventController.NotifyListenersSync"
             "@/org/a11y/atspi/registry/deviceeventcontroller"},
            {registry,
             "org.a11y.atspi.DeviceEventController.NotifyListenersAsync"
             "@/org/a11y/atspi/registry/deviceeventcontroller"},
            // The app's own sub-sandboxes embed their widgets into the app's tree.
            {"@APPID@.Sandboxed.*", "org.a11y.atspi.Socket.Embedded"},
        },
        {
            {registry, "org.a11y.atspi.Registry.EventListenerRegistered@/org/a11y/atspi/registry"},
            {registry,
             "org.a11y.atspi.Registry.EventListenerDeregistered@/org/a11y/atspi/registry"},
        },
        true,
    };
    return policy;
}

const DefaultPolicy& system_defaults() {
    static const DefaultPolicy policy{};
    return policy;
}

std::string with_app_id(std::string_view text, std::string_view app_id) {
    std::string result(text);
    if (const std::size_t at = result.find(kAppIdMarker); at != std::string::npos)
        result.replace(at, kAppIdMarker.size(), app_id);
    return result;
}

std::vector<BusRule> rules_for(
    const std::vector<std::pair<std::string_view, std::string_view>>& rules,
    std::string_view app_id) {
    std::vector<BusRule> result;
    for (const auto& [name, rule] : rules)
        result.push_back({with_app_id(name, app_id), std::string(rule)});
    return result;
}

const DefaultPolicy& defaults_of(Bus bus) {
    switch (bus) {
        case Bus::Session:
            return session_defaults();
        case Bus::Accessibility:
            return accessibility_defaults();
        case Bus::System:
            break;
    }
    return system_defaults();
}

}  // namespace

Result<BusPolicy> default_bus_policy(Bus bus, std::string_view app_id) {
    SANDBOX_TRY(check_app_id(app_id));
    const DefaultPolicy& defaults = defaults_of(bus);
    BusPolicy policy;
    for (const auto& [name, access] : defaults.names)
        policy.names.emplace(with_app_id(name, app_id), access);
    policy.calls = rules_for(defaults.calls, app_id);
    policy.broadcasts = rules_for(defaults.broadcasts, app_id);
    policy.sloppy_names = defaults.sloppy_names;
    return policy;
}

Result<BusPolicy> effective_bus_policy(Bus bus, std::string_view app_id, const BusPolicy& granted) {
    auto policy = default_bus_policy(bus, app_id);
    if (!policy) return policy;
    SANDBOX_TRY(check_policy(granted));
    merge_into(*policy, granted);
    return policy;
}

}  // namespace sandbox::dbus_proxy

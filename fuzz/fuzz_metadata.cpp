// libFuzzer target: an installed app's metadata file as `sandbox run` reads it
// (run::parse_deployment_metadata: [Application] and the permission groups), followed down the
// D-Bus path: its [Session Bus Policy] / [System Bus Policy] become the proxy's policy and then
// xdg-dbus-proxy's arguments. The oracle: the proxy never gets an argument other than --fd=N,
// the address, the socket path, --filter, --sloppy-names, --own=/--talk=/--see=NAME,
// --call=/--broadcast=NAME=RULE or --log; no argument holds a NUL (the args file splits on
// NUL) or a control byte; each name gets exactly the greater of its default and granted access.
#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/dbus_proxy/defaults.hpp"
#include "sandbox/dbus_proxy/proxy_arguments.hpp"
#include "sandbox/run/app_metadata.hpp"
#include "sandbox/run/session_buses.hpp"

namespace {

namespace dbus_proxy = sandbox::dbus_proxy;
namespace permissions = sandbox::permissions;
using dbus_proxy::BusAccess;

constexpr std::string_view kAppId = "org.example.App";
constexpr std::string_view kAddress = "unix:path=/run/user/1000/bus";
constexpr std::string_view kSocket = "/run/user/1000/.dbus-proxy/bus";
constexpr int kSyncFd = 3;

void check(bool condition) {
    if (!condition) std::abort();
}

bool is_element_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

// The D-Bus specification's well-known name: at least two '.'-separated elements of
// [A-Za-z0-9_-], none empty or starting with a digit, at most 255 bytes; the proxy's policy
// also takes a last element "*". A leading '-' is valid: the proxy reads NAME after "--see=".
bool is_plain_name(std::string_view name) {
    if (name.empty() || name.size() > 255) return false;
    std::size_t elements = 0;
    while (true) {
        const std::string_view element = name.substr(0, name.find('.'));
        const bool last = element.size() == name.size();
        ++elements;
        if (last && element == "*" && elements > 1) return true;
        if (element.empty() || (element.front() >= '0' && element.front() <= '9')) return false;
        for (char c : element)
            if (!is_element_byte(c)) return false;
        if (last) return elements >= 2;
        name.remove_prefix(element.size() + 1);
    }
}

bool is_printable(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

// --own=NAME, --talk=NAME, --see=NAME with NAME one the policy holds at that access.
bool is_name_option(std::string_view argument, const dbus_proxy::BusPolicy& policy) {
    for (BusAccess access : {BusAccess::See, BusAccess::Talk, BusAccess::Own}) {
        const std::string prefix = "--" + std::string(dbus_proxy::bus_access_name(access)) + "=";
        if (!argument.starts_with(prefix)) continue;
        const std::string name(argument.substr(prefix.size()));
        auto found = policy.names.find(name);
        return is_plain_name(name) && found != policy.names.end() && found->second == access;
    }
    return false;
}

// --call=NAME=RULE, --broadcast=NAME=RULE: the proxy splits at the first '=', so NAME must be
// plain.
bool is_rule_option(std::string_view argument) {
    for (std::string_view prefix : {"--call=", "--broadcast="}) {
        if (!argument.starts_with(prefix)) continue;
        const std::string_view rest = argument.substr(prefix.size());
        const std::size_t equals = rest.find('=');
        return equals != std::string_view::npos && is_plain_name(rest.substr(0, equals));
    }
    return false;
}

void check_arguments(const std::vector<std::string>& arguments,
                     const dbus_proxy::BusPolicy& policy) {
    check(arguments.size() >= 4);
    check(arguments[0] == "--fd=" + std::to_string(kSyncFd));
    check(arguments[1] == kAddress && arguments[2] == kSocket && arguments[3] == "--filter");
    for (std::size_t i = 4; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        check(is_printable(argument));
        check(argument == "--sloppy-names" || argument == "--log" ||
              is_name_option(argument, policy) || is_rule_option(argument));
    }
    // Read back as xdg-dbus-proxy reads --args=FD: the same arguments, none split or joined.
    std::vector<std::string> read_back(1);
    for (char c : dbus_proxy::args_file_content(arguments)) {
        if (c == '\0')
            read_back.emplace_back();
        else
            read_back.back() += c;
    }
    read_back.pop_back();
    check(read_back == arguments);
}

void check_bus(dbus_proxy::Bus bus, const std::map<std::string, permissions::BusPolicy>& names) {
    const dbus_proxy::BusPolicy granted = sandbox::run::granted_bus_policy(names);
    auto policy = dbus_proxy::effective_bus_policy(bus, kAppId, granted);
    if (!policy) return;  // a name or rule the proxy must not get, refused with a message
    const dbus_proxy::BusPolicy defaults = dbus_proxy::default_bus_policy(bus, kAppId).value();
    for (const auto& [name, access] : policy->names) {
        auto by_default = defaults.names.find(name);
        auto by_grant = granted.names.find(name);
        const BusAccess expected =
            std::max(by_default == defaults.names.end() ? BusAccess::None : by_default->second,
                     by_grant == granted.names.end() ? BusAccess::None : by_grant->second);
        check(access == expected);
    }
    for (const auto& [name, access] : granted.names) check(policy->names.contains(name));
    const dbus_proxy::ProxyEndpoint endpoint{std::string(kAddress), std::string(kSocket), *policy,
                                             true};
    auto arguments = dbus_proxy::proxy_process_arguments(kSyncFd, {endpoint});
    if (!arguments) return;
    check_arguments(*arguments, *policy);
}

}  // namespace

// A GLib critical (a g_return_if_fail() that failed, e.g. an invalid keyfile key) means a value
// was silently dropped: make it a crash.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_log_set_always_fatal(static_cast<GLogLevelFlags>(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sandbox::store::Ref ref{sandbox::store::RefKind::App, std::string(kAppId), "x86_64",
                                  "stable"};
    permissions::Warnings warnings;
    auto metadata = sandbox::run::parse_deployment_metadata(
        {reinterpret_cast<const char*>(data), size}, ref, warnings);
    if (!metadata) {
        check(is_printable(metadata.error().message()));
        return 0;
    }
    check(metadata->name == kAppId && metadata->runtime.has_value());
    for (const std::string& warning : warnings) check(is_printable(warning));
    check_bus(dbus_proxy::Bus::Session, metadata->context.session_bus);
    check_bus(dbus_proxy::Bus::System, metadata->context.system_bus);
    return 0;
}

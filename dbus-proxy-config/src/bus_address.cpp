#include "sandbox/dbus_proxy/bus_address.hpp"

#include <map>

#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// D-Bus address values escape bytes as %XX.
Result<std::string> unescape(std::string_view value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        const int high = i + 2 < value.size() ? hex_value(value[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(value[i + 2]) : -1;
        if (low < 0)
            return usage_error("Invalid escape in D-Bus address value " + in_quotes(value));
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

Result<std::map<std::string, std::string>> parse_keys(std::string_view entry,
                                                      std::string_view pairs) {
    std::map<std::string, std::string> keys;
    while (!pairs.empty()) {
        const std::string_view pair = pairs.substr(0, pairs.find(','));
        pairs.remove_prefix(std::min(pairs.size(), pair.size() + 1));
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || equals == 0)
            return usage_error("Invalid D-Bus address entry " + in_quotes(entry));
        auto value = unescape(pair.substr(equals + 1));
        if (!value) return value.take_error();
        keys[std::string(pair.substr(0, equals))] = std::move(*value);
    }
    return keys;
}

Status add_unix_entry(BusAddress& address, std::string_view entry,
                      const std::map<std::string, std::string>& keys) {
    if (auto path = keys.find("path"); path != keys.end()) {
        if (path->second.empty() || path->second.front() != '/' ||
            path->second.find('\0') != std::string::npos)
            return usage_error("D-Bus socket path " + in_quotes(path->second) + " is not absolute");
        address.socket_paths.push_back(path->second);
        return ok_status();
    }
    if (auto name = keys.find("abstract"); name != keys.end()) {
        address.abstract_names.push_back(name->second);
        return ok_status();
    }
    return usage_error("D-Bus address " + in_quotes(entry) +
                       " is not one a client can connect to (no path= or abstract=)");
}

Status add_entry(BusAddress& address, std::string_view entry) {
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos)
        return usage_error("Invalid D-Bus address entry " + in_quotes(entry) + ": no transport");
    const std::string_view transport = entry.substr(0, colon);
    auto keys = parse_keys(entry, entry.substr(colon + 1));
    if (!keys) return keys.take_error();
    if (transport == "unix") return add_unix_entry(address, entry, *keys);
    if (transport == "tcp") {
        address.uses_tcp = true;
        return ok_status();
    }
    return usage_error("Unsupported D-Bus transport " + in_quotes(transport) + " in " +
                       in_quotes(entry) + ": the proxy can use unix: and tcp: addresses");
}

}  // namespace

Result<BusAddress> parse_bus_address(std::string_view address) {
    BusAddress parsed;
    while (!address.empty()) {
        const std::string_view entry = address.substr(0, address.find(';'));
        address.remove_prefix(std::min(address.size(), entry.size() + 1));
        if (!entry.empty()) SANDBOX_TRY(add_entry(parsed, entry));
    }
    if (parsed.socket_paths.empty() && parsed.abstract_names.empty() && !parsed.uses_tcp)
        return usage_error("Empty D-Bus address");
    return parsed;
}

}  // namespace sandbox::dbus_proxy

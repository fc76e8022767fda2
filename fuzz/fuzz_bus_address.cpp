// libFuzzer target: D-Bus address parsing (DBUS_SESSION_BUS_ADDRESS comes from the caller's
// environment, the accessibility bus's address from a service on the bus). Every socket path
// that parses is bound into the proxy's sandbox, so it must be absolute and hold no NUL; an
// address that parses reaches at least one bus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sandbox/dbus_proxy/bus_address.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto address = sandbox::dbus_proxy::parse_bus_address(text);
    if (!address) {
        if (address.error().message().empty()) std::abort();
        return 0;
    }
    if (address->socket_paths.empty() && address->abstract_names.empty() && !address->uses_tcp)
        std::abort();
    for (const std::string& path : address->socket_paths)
        if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos)
            std::abort();
    if (address->needs_host_network() != (address->uses_tcp || !address->abstract_names.empty()))
        std::abort();
    // Parsing is a function of the text: the same text gives the same address.
    if (sandbox::dbus_proxy::parse_bus_address(text).value() != *address) std::abort();
    return 0;
}

#include "sandbox/dbus_proxy/reachability.hpp"

#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "sandbox/common/fd.hpp"
#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

// 0 when connected, else the errno.
int try_connect(std::string_view name, bool abstract) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t offset = abstract ? 1 : 0;
    if (name.size() + offset >= sizeof address.sun_path) return ENAMETOOLONG;
    std::memcpy(address.sun_path + offset, name.data(), name.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + offset +
                                               name.size() + (abstract ? 0 : 1));
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return errno;
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0) return errno;
    return 0;
}

}  // namespace

int first_connect_error(const BusAddress& parsed) {
    int first_error = 0;
    for (const std::string& path : parsed.socket_paths) {
        const int error = try_connect(path, false);
        if (error == 0) return 0;
        if (first_error == 0) first_error = error;
    }
    for (const std::string& name : parsed.abstract_names) {
        const int error = try_connect(name, true);
        if (error == 0) return 0;
        if (first_error == 0) first_error = error;
    }
    return first_error;
}

Status check_bus_reachable(std::string_view bus_label, std::string_view address,
                           const BusAddress& parsed) {
    const int first_error = first_connect_error(parsed);
    if (first_error == 0) return ok_status();  // reached, or TCP only: left to the proxy
    return system_error(
        "Can't reach the " + std::string(bus_label) + " bus at " + in_quotes(address), first_error);
}

}  // namespace sandbox::dbus_proxy

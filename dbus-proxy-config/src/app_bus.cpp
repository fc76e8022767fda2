#include "sandbox/dbus_proxy/app_bus.hpp"

namespace sandbox::dbus_proxy {

std::string sandbox_socket_path(Bus bus, uid_t uid) {
    switch (bus) {
        case Bus::Session:
            return "/run/user/" + std::to_string(uid) + "/bus";
        case Bus::System:
            return "/run/dbus/system_bus_socket";
        case Bus::Accessibility:
            return "/run/flatpak/at-spi-bus";
    }
    return {};
}

std::string address_variable(Bus bus) {
    switch (bus) {
        case Bus::Session:
            return "DBUS_SESSION_BUS_ADDRESS";
        case Bus::System:
            return "DBUS_SYSTEM_BUS_ADDRESS";
        case Bus::Accessibility:
            return "AT_SPI_BUS_ADDRESS";
    }
    return {};
}

AppBusView app_bus_view(const std::string& socket_dir,
                        const std::vector<std::pair<Bus, std::string>>& sockets, uid_t uid) {
    AppBusView view;
    // Read-only, as Flatpak binds its sockets: connecting needs no write access to the mount.
    view.mounts.emplace_back(launcher::BindMount{launcher::HostPath{socket_dir}, kProxyDirInside,
                                                 launcher::BindAccess::ReadOnly});
    for (const auto& [bus, name] : sockets) {
        const std::string inside = sandbox_socket_path(bus, uid);
        view.mounts.emplace_back(
            launcher::MakeSymlink{std::string(kProxyDirInside) + "/" + name, inside});
        view.environment.push_back(address_variable(bus) + "=unix:path=" + inside);
    }
    return view;
}

}  // namespace sandbox::dbus_proxy

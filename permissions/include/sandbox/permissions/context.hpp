#pragma once

// Flatpak's [Context]: what an app may reach, as one typed value. The app's metadata, each override
// file and the command line each give one Context (a "layer"); merge_into() stacks them in
// Flatpak's order and the result is what the sandbox gets. A layer says only what it changes:
// a permission it does not mention is absent from it, not denied.

#include <map>
#include <optional>
#include <set>
#include <string>

namespace sandbox::permissions {

enum class Share { Network, Ipc };
enum class Socket {
    X11,
    Wayland,
    Pulseaudio,
    SessionBus,
    SystemBus,
    FallbackX11,
    SshAuth,
    Pcsc,
    Cups,
    GpgAgent,
    InheritWaylandSocket,
    Pipewire,  // ours: Flatpak has no PipeWire socket permission (docs/SESSION.md)
};
enum class Device { Dri, All, Kvm, Shm, Input, Usb };
enum class Feature { Devel, Multiarch, Bluetooth, Canbus, PerAppDevShm };

// None is a layer's "!location": it takes back what an earlier layer granted.
enum class FilesystemMode { None, ReadOnly, ReadWrite, Create };
enum class BusPolicy { None, See, Talk, Own };

// A layer's word on each permission it mentions: granted (true) or taken back (false).
template <typename Name>
using Toggles = std::map<Name, bool>;

struct Context {
    Toggles<Share> shared;
    Toggles<Socket> sockets;
    Toggles<Device> devices;
    Toggles<Feature> features;
    // "!host:reset": every filesystem an earlier layer granted is forgotten.
    bool filesystems_reset = false;
    // Keyed by location as Flatpak writes it: home, host, host-os, host-etc, xdg-download/sub,
    // ~/dir, /dir.
    std::map<std::string, FilesystemMode> filesystems;
    std::set<std::string> persistent;  // paths under $HOME, kept in ~/.var/app/ID
    std::map<std::string, std::optional<std::string>> environment;  // nullopt: unset it
    std::map<std::string, BusPolicy> session_bus;
    std::map<std::string, BusPolicy> system_bus;

    bool operator==(const Context&) const = default;
};

template <typename Name>
bool is_granted(const Toggles<Name>& toggles, Name name) {
    auto found = toggles.find(name);
    return found != toggles.end() && found->second;
}

// The mode a location ends up with; None when it is not granted.
FilesystemMode filesystem_mode(const Context& context, const std::string& location);

// Stacks `layer` on `base`: what the layer mentions replaces what base said.
void merge_into(Context& base, const Context& layer);

}  // namespace sandbox::permissions

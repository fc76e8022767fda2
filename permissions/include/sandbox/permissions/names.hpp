#pragma once

// The names Flatpak gives each permission, in its enums' order (metadata, overrides and flags all
// spell them this way).

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

template <typename Enum>
struct NameTable;

template <>
struct NameTable<Share> {
    static constexpr std::array<std::string_view, 2> names{"network", "ipc"};
};
template <>
struct NameTable<Socket> {
    static constexpr std::array<std::string_view, 12> names{"x11",
                                                            "wayland",
                                                            "pulseaudio",
                                                            "session-bus",
                                                            "system-bus",
                                                            "fallback-x11",
                                                            "ssh-auth",
                                                            "pcsc",
                                                            "cups",
                                                            "gpg-agent",
                                                            "inherit-wayland-socket",
                                                            "pipewire"};
};
template <>
struct NameTable<Device> {
    static constexpr std::array<std::string_view, 6> names{"dri", "all",   "kvm",
                                                           "shm", "input", "usb"};
};
template <>
struct NameTable<Feature> {
    static constexpr std::array<std::string_view, 5> names{"devel", "multiarch", "bluetooth",
                                                           "canbus", "per-app-dev-shm"};
};
template <>
struct NameTable<BusPolicy> {
    static constexpr std::array<std::string_view, 4> names{"none", "see", "talk", "own"};
};

template <typename Enum>
std::string_view name_of(Enum value) {
    return NameTable<Enum>::names.at(static_cast<std::size_t>(value));
}

template <typename Enum>
std::optional<Enum> from_name(std::string_view name) {
    const auto& names = NameTable<Enum>::names;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<Enum>(i);
    return std::nullopt;
}

// "a, b, c": for messages that list the valid names.
template <typename Enum>
std::string all_names() {
    std::string joined;
    for (std::string_view name : NameTable<Enum>::names)
        joined += (joined.empty() ? "" : ", ") + std::string(name);
    return joined;
}

template <typename Enum>
constexpr std::size_t name_count() {
    return NameTable<Enum>::names.size();
}

}  // namespace sandbox::permissions

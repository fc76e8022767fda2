#pragma once

// Xauthority files as data: read and written with libXau, so that the format (big-endian
// lengths, counted strings) is libXau's and not ours.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::run {

// The families that matter here (X11/Xauth.h; xauthority.cpp checks they are libXau's).
inline constexpr std::uint16_t kXauthFamilyLocal = 256;   // address: a host name
inline constexpr std::uint16_t kXauthFamilyWild = 65535;  // any address

// One entry; every field as bytes (an Internet entry's address is binary).
struct XauthEntry {
    std::uint16_t family = kXauthFamilyLocal;
    std::string address;
    std::string number;  // the display number in decimal; empty: any display
    std::string name;    // MIT-MAGIC-COOKIE-1…
    std::string data;    // the secret
    bool operator==(const XauthEntry&) const = default;
};

// Every entry of an Xauthority file's content; a truncated last entry is left out, as libXau
// does.
Result<std::vector<XauthEntry>> parse_xauthority(std::string_view content);

// The content of an Xauthority file holding `entries`, in order.
Result<std::string> format_xauthority(const std::vector<XauthEntry>& entries);

}  // namespace sandbox::run

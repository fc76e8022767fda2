#pragma once

// An X11 display name ($DISPLAY) taken apart, strictly: what is not plainly one of the forms X
// clients on Linux use gets no display at all rather than a guess.

#include <optional>
#include <string>
#include <string_view>

namespace sandbox::run {

struct X11Display {
    std::string host;  // empty for the local socket (":N", "unix:N"); else reached over TCP
    unsigned number = 0;
    unsigned screen = 0;
    bool operator==(const X11Display&) const = default;
};

// The largest display number accepted: X servers listen on TCP port 6000+N.
inline constexpr unsigned kMaxX11DisplayNumber = 65535 - 6000;

// ":N", ":N.S", "unix:N[.S]" or "HOST:N[.S]" (HOST a name, an IPv4 address or a bracketed IPv6
// address); nullopt for anything else (empty, a path, "HOST::N" DECnet, "HOST/unix:N", numbers
// with signs, spaces or too many digits).
std::optional<X11Display> parse_x11_display(std::string_view display);

// Where the X server of a local display listens: /tmp/.X11-unix/XN.
std::string x11_socket_path(unsigned number);

}  // namespace sandbox::run

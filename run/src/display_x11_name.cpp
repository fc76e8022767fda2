#include "sandbox/run/display_x11_name.hpp"

#include <algorithm>
#include <cctype>

namespace sandbox::run {
namespace {

constexpr unsigned kMaxScreen = 255;

std::optional<unsigned> parse_bounded(std::string_view digits, unsigned max) {
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    unsigned value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > max) return std::nullopt;
    return value;
}

bool is_host_name(std::string_view host) {
    if (host.size() > 253) return false;
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        return std::all_of(host.begin() + 1, host.end() - 1, [](unsigned char c) {
            return std::isxdigit(c) != 0 || c == ':' || c == '.';
        });
    return std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '.' || c == '-' || c == '_';
    });
}

}  // namespace

std::optional<X11Display> parse_x11_display(std::string_view display) {
    // The last colon ends the host: an IPv6 address keeps its colons inside brackets.
    const std::size_t colon = display.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view host = display.substr(0, colon);
    std::string_view rest = display.substr(colon + 1);
    if (!is_host_name(host) || (!host.empty() && host.back() == ':')) return std::nullopt;
    if (host.find(':') != std::string_view::npos && host.front() != '[') return std::nullopt;

    const std::size_t dot = rest.find('.');
    auto number = parse_bounded(rest.substr(0, dot), kMaxX11DisplayNumber);
    if (!number) return std::nullopt;
    X11Display parsed;
    parsed.number = *number;
    if (dot != std::string_view::npos) {
        auto screen = parse_bounded(rest.substr(dot + 1), kMaxScreen);
        if (!screen) return std::nullopt;
        parsed.screen = *screen;
    }
    if (host != "unix") parsed.host = std::string(host);
    return parsed;
}

std::string x11_socket_path(unsigned number) {
    return "/tmp/.X11-unix/X" + std::to_string(number);
}

}  // namespace sandbox::run

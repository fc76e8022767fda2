#include <cstdio>

#include "sandbox/run/display_sockets.hpp"
#include "sandbox/run/display_x11_name.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::TmpfsMount;
using permissions::Socket;

// The caller's value as the warning shows it: quoted, control bytes escaped.
std::string quoted(const std::string& value) {
    std::string text = "\"";
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
            text += escaped;
        } else {
            text += static_cast<char>(c);
        }
    }
    return text + "\"";
}

std::string runtime_dir_inside(uid_t uid) {
    return "/run/user/" + std::to_string(uid);
}

void add_wayland(DisplayPlan& plan, const DisplayHost& host) {
    plan.mounts.emplace_back(BindMount{InheritedFd{host.wayland.fd},
                                       runtime_dir_inside(host.uid) + "/" + kSandboxWaylandDisplay,
                                       BindAccess::ReadOnly});
    plan.environment["WAYLAND_DISPLAY"] = kSandboxWaylandDisplay;
}

std::string missing_wayland(const DisplayHost& host) {
    if (host.wayland.path.empty())
        return "WAYLAND_DISPLAY=" + quoted(host.wayland_display) +
               " names no socket of the runtime directory: the app gets no Wayland display";
    return "No Wayland socket owned by you at " + host.wayland.path +
           ": the app gets no Wayland display";
}

void add_xauthority(DisplayPlan& plan, const DisplayHost& host, unsigned number,
                    const std::string& inside_number) {
    plan.xauthority = xauthority_for_display(host.xauthority, host.hostname, number, inside_number);
    plan.environment["XAUTHORITY"] = sandbox_xauthority_path(host.uid);
}

bool add_tcp_x11(DisplayPlan& plan, const DisplayHost& host, const X11Display& display) {
    if (!host.network) {
        plan.warnings.push_back("DISPLAY=" + quoted(host.x11_display) +
                                " is reached through the network, which this app does not share "
                                "(--share=network): it gets no X11 display");
        return false;
    }
    plan.environment["DISPLAY"] = host.x11_display;
    add_xauthority(plan, host, display.number, std::to_string(display.number));
    return true;
}

// True when the app gets the X11 display.
bool add_x11(DisplayPlan& plan, const DisplayHost& host) {
    if (host.x11_display.empty()) {
        plan.warnings.emplace_back(
            "X11 is granted but DISPLAY is not set: the app gets no X11 display");
        return false;
    }
    auto display = parse_x11_display(host.x11_display);
    if (!display) {
        plan.warnings.push_back("DISPLAY=" + quoted(host.x11_display) +
                                " is not a display name this sandbox accepts (:N, :N.S, unix:N, "
                                "HOST:N): the app gets no X11 display");
        return false;
    }
    if (!display->host.empty()) return add_tcp_x11(plan, host, *display);
    if (host.x11.fd < 0) {
        plan.warnings.push_back(
            "No X11 socket owned by you or root at " + x11_socket_path(display->number) +
            " for DISPLAY=" + quoted(host.x11_display) + ": the app gets no X11 display");
        return false;
    }
    plan.mounts.emplace_back(BindMount{InheritedFd{host.x11.fd},
                                       x11_socket_path(kSandboxX11Display), BindAccess::ReadOnly});
    plan.environment["DISPLAY"] =
        ":" + std::to_string(kSandboxX11Display) + "." + std::to_string(display->screen);
    add_xauthority(plan, host, display->number, std::to_string(kSandboxX11Display));
    return true;
}

bool for_this_machine(const XauthEntry& entry, const std::string& hostname) {
    if (entry.family == kXauthFamilyWild) return true;
    return entry.family == kXauthFamilyLocal && !hostname.empty() && entry.address == hostname;
}

}  // namespace

std::optional<std::string> wayland_socket_path(const std::string& wayland_display,
                                               const std::string& runtime_dir) {
    const std::string name = wayland_display.empty() ? kSandboxWaylandDisplay : wayland_display;
    if (name.front() == '/') return name;
    if (name.find('/') != std::string::npos || name == "." || name == ".." || runtime_dir.empty())
        return std::nullopt;
    return runtime_dir + "/" + name;
}

std::vector<XauthEntry> xauthority_for_display(const std::vector<XauthEntry>& host_entries,
                                               const std::string& hostname, unsigned number,
                                               const std::string& inside_number) {
    const std::string wanted = std::to_string(number);
    std::vector<XauthEntry> entries;
    for (const XauthEntry& entry : host_entries) {
        if (!for_this_machine(entry, hostname)) continue;
        if (!entry.number.empty() && entry.number != wanted) continue;
        XauthEntry renumbered = entry;
        renumbered.number = inside_number;
        entries.push_back(std::move(renumbered));
    }
    return entries;
}

std::string sandbox_xauthority_path(uid_t uid) {
    return runtime_dir_inside(uid) + "/Xauthority";
}

DisplayPlan plan_display(const permissions::Context& context, const DisplayHost& host) {
    DisplayPlan plan;
    // The host's X sockets stay hidden even when a filesystem permission exposes its /tmp.
    plan.mounts.emplace_back(TmpfsMount{"/tmp/.X11-unix", 01777, 0});
    const bool wayland_granted = permissions::is_granted(context.sockets, Socket::Wayland);
    const bool has_wayland = wayland_granted && host.wayland.fd >= 0;
    if (has_wayland) add_wayland(plan, host);
    const bool wants_x11 =
        permissions::is_granted(context.sockets, Socket::X11) ||
        (permissions::is_granted(context.sockets, Socket::FallbackX11) && !has_wayland);
    const bool has_x11 = wants_x11 && add_x11(plan, host);
    if (wayland_granted && !has_wayland && !has_x11) plan.warnings.push_back(missing_wayland(host));
    return plan;
}

}  // namespace sandbox::run

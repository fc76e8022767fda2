#pragma once

// The display an app's permissions grant (docs/SESSION.md). Wayland: the host compositor's socket
// bound at /run/user/UID/wayland-0. X11: the host server's socket bound at /tmp/.X11-unix/X99,
// DISPLAY=:99.S, and an Xauthority holding only that display's cookies. fallback-x11 gives X11
// only to an app that gets no Wayland, as Flatpak does.
//
// Planning is pure (plan_display, on the host's facts as data); find_display_host gathers the
// facts, opening the host's sockets once, without following links.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"
#include "sandbox/launcher/plan.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/run/display_xauthority.hpp"
#include "sandbox/run/session_services.hpp"

namespace sandbox::run {

// The X display number inside. Fixed, as Flatpak's: the host's number says nothing the app needs,
// and 99 is above those servers commonly take (so, with the network shared, the host's abstract
// socket of that number rarely exists to shadow the bound one).
inline constexpr unsigned kSandboxX11Display = 99;
inline constexpr const char* kSandboxWaylandDisplay = "wayland-0";

// A host socket: its path, and an O_PATH fd on it when it exists as a socket (else -1).
struct HostSocket {
    std::string path;
    int fd = -1;
    bool operator==(const HostSocket&) const = default;
};

// What the host's session is, as far as the display goes.
struct DisplayHost {
    uid_t uid = 0;
    bool network = false;  // the sandbox is in the host's network namespace
    std::string hostname;  // the sandbox keeps it (its UTS namespace starts as a copy)
    std::string runtime_dir;
    std::string wayland_display;         // $WAYLAND_DISPLAY; empty: unset
    HostSocket wayland;                  // the socket it names (path empty when it names none)
    std::string x11_display;             // $DISPLAY
    HostSocket x11;                      // /tmp/.X11-unix/XN for a local display
    std::vector<XauthEntry> xauthority;  // the caller's Xauthority file
};

struct DisplayPlan {
    std::vector<launcher::MountOp> mounts;
    std::map<std::string, std::string> environment;
    std::vector<std::string> warnings;
    // The Xauthority to write at xauthority_path(uid) and bind read-only; nullopt: no X11.
    std::optional<std::vector<XauthEntry>> xauthority;
};

// Where the host's Wayland socket is: WAYLAND_DISPLAY (default wayland-0) in the runtime dir, or
// as is when absolute; nullopt for a name with a "/" that is not absolute, or a relative path
// with "..".
std::optional<std::string> wayland_socket_path(const std::string& wayland_display,
                                               const std::string& runtime_dir);

// The Xauthority entries that let a client of the sandbox reach host display `number` as display
// `inside_number`: those for this machine (Local with `hostname`, or Wild) and for that display
// (or any display), renumbered.
std::vector<XauthEntry> xauthority_for_display(const std::vector<XauthEntry>& host_entries,
                                               const std::string& hostname, unsigned number,
                                               const std::string& inside_number);

std::string sandbox_xauthority_path(uid_t uid);

// Pure: the permissions and the host's facts → mounts, variables and warnings.
DisplayPlan plan_display(const permissions::Context& context, const DisplayHost& host);

// Gathers the facts plan_display needs, for the sockets the permissions name only; the sockets'
// fds go to `opened`.
DisplayHost find_display_host(const permissions::Context& context, const SessionHost& host,
                              std::vector<UniqueFd>& opened);

}  // namespace sandbox::run

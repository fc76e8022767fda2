#pragma once

// The sandbox xdg-dbus-proxy itself runs in (Flatpak's "bwrap wrapper", docs/DBUS.md): the host's
// /usr read-only, the socket files of the real buses, its own socket directory, and the app's
// /.flatpak-info, so that a service on the bus that looks at the proxied connection's process
// (/proc/PID/root/.flatpak-info) finds the app. Pure: the fds are only numbers here.

#include <string>
#include <vector>

#include "sandbox/launcher/plan.hpp"

namespace sandbox::dbus_proxy {

struct ProxySandbox {
    std::string program;                        // absolute host path of xdg-dbus-proxy
    std::string socket_dir;                     // bound read-write at the same path
    std::vector<std::string> bus_sockets;       // bound read-only at the same paths
    bool share_network = false;                 // for abstract-socket and TCP bus addresses
    std::vector<launcher::MountOp> root_links;  // host_root_links(): /bin, /lib… as on the host
    int info_fd = -1;                           // the /.flatpak-info text
    int args_fd = -1;                           // read by the proxy: --args=FD
    int sync_fd = -1;                           // written by the proxy once it listens: --fd=FD
    std::vector<launcher::SeccompProgram> seccomp;  // empty: none
};

launcher::LaunchPlan proxy_sandbox_plan(const ProxySandbox& sandbox);

// The host's top-level /bin, /sbin, /lib* as the proxy's root needs them: a symlink where the
// host has a usr-merge link, a read-only bind where it has a real directory.
std::vector<launcher::MountOp> host_root_links();

}  // namespace sandbox::dbus_proxy

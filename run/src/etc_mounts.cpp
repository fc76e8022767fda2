#include "etc_mounts.hpp"

#include <array>
#include <string_view>

#include "sandbox/run/usr_overlay.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindData;
using launcher::BindMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::MakeSymlink;
using launcher::MountOp;

constexpr std::array<std::string_view, 11> kHostOwned{
    "passwd",   "group",     "machine-id", "resolv.conf", "host.conf",  "hosts",
    "gai.conf", "localtime", "timezone",   "pkcs11",      "ld.so.cache"};
// Bound with or without the network, as Flatpak does: without /etc/hosts "localhost" would not
// resolve to the loopback the sandbox keeps, and resolv.conf names servers it cannot reach anyway.
constexpr std::array<const char*, 4> kResolverFiles{"/etc/resolv.conf", "/etc/host.conf",
                                                    "/etc/hosts", "/etc/gai.conf"};

void add_host_file(std::vector<MountOp>& mounts, const char* source, const char* dest) {
    mounts.push_back(BindMount{HostPath{source}, dest, BindAccess::ReadOnly, true});
}

// A layered app's entries point into the composed /usr/etc: a bind of either layer's entry would
// show one layer only (the app's /etc/fonts without the runtime's conf.d, say), and a link is
// cheaper than a mount.
void add_runtime_entries(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    for (const EtcEntry& entry : composed_etc(inputs.runtime, inputs.app)) {
        if (is_host_owned_etc_entry(entry.name)) continue;
        if (entry.name == "ld.so.conf" && inputs.files.ld_so_conf_fd >= 0) continue;
        const std::string dest = "/etc/" + entry.name;
        if (entry.symlink_target)
            mounts.push_back(MakeSymlink{*entry.symlink_target, dest});
        else if (inputs.app.usr_overlay)
            mounts.push_back(MakeSymlink{composed_etc_target(entry.name), dest});
        else
            mounts.push_back(BindMount{InheritedFd{entry.fd}, dest, BindAccess::ReadOnly, false});
    }
}

void add_generated_files(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    mounts.push_back(BindData{inputs.files.passwd_fd, "/etc/passwd", 0644, true});
    mounts.push_back(BindData{inputs.files.group_fd, "/etc/group", 0644, true});
    if (inputs.files.ld_cache_fd >= 0)
        mounts.push_back(BindData{inputs.files.ld_cache_fd, "/etc/ld.so.cache", 0644, true});
    if (inputs.files.ld_so_conf_fd >= 0)
        mounts.push_back(BindData{inputs.files.ld_so_conf_fd, "/etc/ld.so.conf", 0644, true});
}

}  // namespace

bool is_host_owned_etc_entry(const std::string& name) {
    for (std::string_view owned : kHostOwned)
        if (name == owned) return true;
    return false;
}

void add_etc_mounts(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    add_runtime_entries(inputs, mounts);
    add_generated_files(inputs, mounts);
    // The second, where present, is the one systemd and D-Bus agree on.
    add_host_file(mounts, "/var/lib/dbus/machine-id", "/etc/machine-id");
    add_host_file(mounts, "/etc/machine-id", "/etc/machine-id");
    add_host_file(mounts, "/etc/localtime", "/etc/localtime");
    add_host_file(mounts, "/etc/timezone", "/etc/timezone");
    for (const char* file : kResolverFiles) add_host_file(mounts, file, file);
}

}  // namespace sandbox::run

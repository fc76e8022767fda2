#include "system_mounts.hpp"

#include <string>

#include "sandbox/run/usr_overlay.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::DevMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::MakeDir;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::ProcMount;
using launcher::TmpfsMount;
using permissions::Device;

// Flatpak's list for --device=dri: render nodes and the vendor drivers' device files.
std::vector<std::string> gpu_devices() {
    std::vector<std::string> devices{"/dev/dri",
                                     "/dev/udmabuf",
                                     "/dev/mali",
                                     "/dev/mali0",
                                     "/dev/umplock",
                                     "/dev/nvidiactl",
                                     "/dev/nvidia-modeset",
                                     "/dev/nvidia-uvm",
                                     "/dev/nvidia-uvm-tools",
                                     "/dev/kfd"};
    for (int i = 0; i < 20; ++i) devices.push_back("/dev/nvidia" + std::to_string(i));
    return devices;
}

void add_device(std::vector<MountOp>& mounts, const std::string& path) {
    mounts.push_back(BindMount{HostPath{path}, path, BindAccess::Devices, true});
}

void add_trees(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    mounts.push_back(usr_mount(inputs.runtime, inputs.app));
    for (const std::string& dir : usr_merged_dirs(inputs.runtime, inputs.app))
        mounts.push_back(MakeSymlink{"usr/" + dir, "/" + dir});
    if (inputs.app.files_fd >= 0)
        mounts.push_back(
            BindMount{InheritedFd{inputs.app.files_fd}, "/app", BindAccess::ReadOnly, false});
    else
        mounts.push_back(MakeDir{"/app", 0755});
}

// The host's /dev but for its shared memory, which stays the host's only with --device=shm.
void add_host_dev(const permissions::Context& context, std::vector<MountOp>& mounts) {
    mounts.push_back(BindMount{HostPath{"/dev"}, "/dev", BindAccess::Devices, false});
    if (!permissions::is_granted(context.devices, Device::Shm))
        mounts.push_back(TmpfsMount{"/dev/shm", 01777, 0});
}

// A fresh /dev (the basic nodes, its own devpts, an empty /dev/shm) with the granted devices.
void add_fresh_dev(const permissions::Context& context, std::vector<MountOp>& mounts) {
    const auto& devices = context.devices;
    mounts.push_back(DevMount{"/dev"});
    // Wine's NT synchronization driver: harmless, and what Flatpak always offers.
    add_device(mounts, "/dev/ntsync");
    if (permissions::is_granted(devices, Device::Dri))
        for (const std::string& device : gpu_devices()) add_device(mounts, device);
    if (permissions::is_granted(devices, Device::Input)) add_device(mounts, "/dev/input");
    if (permissions::is_granted(devices, Device::Usb)) add_device(mounts, "/dev/bus/usb");
    if (permissions::is_granted(devices, Device::Kvm)) add_device(mounts, "/dev/kvm");
    if (permissions::is_granted(devices, Device::Shm))
        mounts.push_back(BindMount{HostPath{"/dev/shm"}, "/dev/shm", BindAccess::ReadWrite, true});
}

void add_dev(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    if (permissions::is_granted(inputs.context.devices, Device::All))
        add_host_dev(inputs.context, mounts);
    else
        add_fresh_dev(inputs.context, mounts);
}

// What libraries like libdrm and udev read to find devices (Flatpak binds the same).
void add_sys(std::vector<MountOp>& mounts) {
    for (const char* path : {"/sys/block", "/sys/bus", "/sys/class", "/sys/dev", "/sys/devices"})
        mounts.push_back(BindMount{HostPath{path}, path, BindAccess::ReadOnly, true});
}

void add_scratch(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    mounts.push_back(TmpfsMount{"/tmp", 01777, 0});
    mounts.push_back(MakeDir{"/var", 0755});
    mounts.push_back(MakeSymlink{"../run", "/var/run"});
    mounts.push_back(MakeDir{"/run/host", 0755});
    const std::string runtime_dir = "/run/user/" + std::to_string(inputs.uid);
    mounts.push_back(MakeDir{runtime_dir, 0700});
    mounts.push_back(MakeSymlink{"../../../.flatpak-info", runtime_dir + "/flatpak-info"});
}

}  // namespace

void add_system_mounts(const PlanInputs& inputs, std::vector<MountOp>& mounts) {
    add_trees(inputs, mounts);
    mounts.push_back(ProcMount{"/proc"});
    add_dev(inputs, mounts);
    add_sys(mounts);
    add_scratch(inputs, mounts);
}

}  // namespace sandbox::run

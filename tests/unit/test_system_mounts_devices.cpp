// /dev in `sandbox run`'s plan for each --device value, checked as data.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/plan_builder.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::DevMount;
using launcher::HostPath;
using launcher::MountOp;
using launcher::TmpfsMount;

// Flatpak's list for --device=dri, spelled out rather than computed like the code does.
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
    for (const char* number : {"0",  "1",  "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",
                               "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"})
        devices.push_back(std::string("/dev/nvidia") + number);
    return devices;
}

PlanInputs inputs_with(const std::vector<std::string>& args) {
    PlanInputs inputs;
    inputs.app_id = "org.test.App";
    inputs.uid = 1000;
    inputs.gid = 1000;
    inputs.home = "/home/user";
    inputs.runtime = RuntimeTree{10, {"bin", "lib"}, {}, true, "", false};
    inputs.app = AppTree{20, false};
    inputs.files = GeneratedFiles{50, 51, 52, -1};
    inputs.argv = {"app"};
    std::size_t index = 0;
    while (index < args.size())
        EXPECT_TRUE(*permissions::take_permission_flag(args, index, inputs.context));
    return inputs;
}

std::vector<MountOp> mounts_for(const std::vector<std::string>& args) {
    auto plan = build_launch_plan(inputs_with(args));
    EXPECT_TRUE(plan.ok()) << plan.error().message();
    return plan.ok() ? plan->mounts : std::vector<MountOp>{};
}

MountOp device(const std::string& path) {
    return BindMount{HostPath{path}, path, BindAccess::Devices, true};
}

const MountOp kFreshDev = DevMount{"/dev"};
const MountOp kHostDev = BindMount{HostPath{"/dev"}, "/dev", BindAccess::Devices, false};
const MountOp kPrivateShm = TmpfsMount{"/dev/shm", 01777, 0};
const MountOp kHostShm = BindMount{HostPath{"/dev/shm"}, "/dev/shm", BindAccess::ReadWrite, true};

// The destinations of every mount that takes something of the host's /dev.
std::vector<std::string> host_dev_binds(const std::vector<MountOp>& mounts) {
    std::vector<std::string> paths;
    for (const MountOp& op : mounts) {
        const auto* bind = std::get_if<BindMount>(&op);
        if (bind == nullptr) continue;
        const auto* host = std::get_if<HostPath>(&bind->source);
        if (host != nullptr && host->path.rfind("/dev", 0) == 0) paths.push_back(bind->dest);
    }
    return paths;
}

std::size_t position(const std::vector<MountOp>& mounts, const MountOp& op) {
    return static_cast<std::size_t>(std::find(mounts.begin(), mounts.end(), op) - mounts.begin());
}

bool has(const std::vector<MountOp>& mounts, const MountOp& op) {
    return position(mounts, op) < mounts.size();
}

TEST(DevicePlan, ByDefaultAFreshDevWithNoHostDeviceButNtsync) {
    auto mounts = mounts_for({});
    EXPECT_TRUE(has(mounts, kFreshDev));
    EXPECT_EQ(host_dev_binds(mounts), (std::vector<std::string>{"/dev/ntsync"}));
    EXPECT_FALSE(has(mounts, kPrivateShm));
}

TEST(DevicePlan, DriBindsRenderNodesAndEveryVendorNodeIfPresent) {
    auto mounts = mounts_for({"--device=dri"});
    EXPECT_TRUE(has(mounts, kFreshDev));
    std::vector<std::string> expected = {"/dev/ntsync"};
    for (const std::string& path : gpu_devices()) expected.push_back(path);
    EXPECT_EQ(host_dev_binds(mounts), expected);
    for (const std::string& path : gpu_devices()) {
        EXPECT_TRUE(has(mounts, device(path))) << path;
        EXPECT_GT(position(mounts, device(path)), position(mounts, kFreshDev)) << path;
    }
}

TEST(DevicePlan, InputUsbAndKvmBindTheirNodesOnly) {
    EXPECT_EQ(host_dev_binds(mounts_for({"--device=input"})),
              (std::vector<std::string>{"/dev/ntsync", "/dev/input"}));
    EXPECT_EQ(host_dev_binds(mounts_for({"--device=usb"})),
              (std::vector<std::string>{"/dev/ntsync", "/dev/bus/usb"}));
    EXPECT_EQ(host_dev_binds(mounts_for({"--device=kvm"})),
              (std::vector<std::string>{"/dev/ntsync", "/dev/kvm"}));
    EXPECT_TRUE(has(mounts_for({"--device=kvm"}), device("/dev/kvm")));
    EXPECT_TRUE(has(mounts_for({"--device=input"}), device("/dev/input")));
}

TEST(DevicePlan, ShmSharesTheHostsSharedMemoryWritable) {
    auto mounts = mounts_for({"--device=shm"});
    EXPECT_TRUE(has(mounts, kFreshDev));
    EXPECT_TRUE(has(mounts, kHostShm));
    EXPECT_GT(position(mounts, kHostShm), position(mounts, kFreshDev));
}

TEST(DevicePlan, AllBindsTheHostsDevWithAPrivateShm) {
    auto mounts = mounts_for({"--device=all"});
    EXPECT_FALSE(has(mounts, kFreshDev));
    EXPECT_EQ(host_dev_binds(mounts), (std::vector<std::string>{"/dev"}));
    EXPECT_TRUE(has(mounts, kHostDev));
    EXPECT_TRUE(has(mounts, kPrivateShm));
    EXPECT_GT(position(mounts, kPrivateShm), position(mounts, kHostDev));
}

TEST(DevicePlan, AllWithShmKeepsTheHostsShm) {
    auto mounts = mounts_for({"--device=all", "--device=shm", "--device=dri"});
    EXPECT_EQ(host_dev_binds(mounts), (std::vector<std::string>{"/dev"}));
    EXPECT_FALSE(has(mounts, kPrivateShm));
}

TEST(DevicePlan, NodeviceTakesBackAGrant) {
    auto mounts = mounts_for({"--device=kvm", "--device=all", "--nodevice=all"});
    EXPECT_TRUE(has(mounts, kFreshDev));
    EXPECT_EQ(host_dev_binds(mounts), (std::vector<std::string>{"/dev/ntsync", "/dev/kvm"}));
}

TEST(DevicePlan, SysViewsForDeviceDiscoveryAreReadOnly) {
    auto mounts = mounts_for({});
    for (const char* path : {"/sys/block", "/sys/bus", "/sys/class", "/sys/dev", "/sys/devices"})
        EXPECT_TRUE(has(mounts, BindMount{HostPath{path}, path, BindAccess::ReadOnly, true}))
            << path;
}

}  // namespace
}  // namespace sandbox::run

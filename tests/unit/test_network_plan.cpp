// The network in `sandbox run`'s plan: the namespace for --share=network and the resolver's files
// in /etc, checked as data.

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
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::LaunchPlan;
using launcher::MountOp;

constexpr const char* kResolverFiles[] = {"/etc/resolv.conf", "/etc/host.conf", "/etc/hosts",
                                          "/etc/gai.conf"};

PlanInputs inputs_with(const std::vector<std::string>& args) {
    PlanInputs inputs;
    inputs.app_id = "org.test.App";
    inputs.uid = 1000;
    inputs.gid = 1000;
    inputs.home = "/home/user";
    inputs.runtime = RuntimeTree{10, {"bin", "lib"}, {}, true, "", false};
    // A runtime that ships its own resolver files: the host's win.
    inputs.runtime.etc = {EtcEntry{"resolv.conf", std::nullopt, 13},
                          EtcEntry{"hosts", std::nullopt, 14},
                          EtcEntry{"gai.conf", "../usr/share/gai.conf", -1}};
    inputs.app = AppTree{20, false};
    inputs.files = GeneratedFiles{50, 51, 52, -1};
    inputs.argv = {"app"};
    std::size_t index = 0;
    while (index < args.size())
        EXPECT_TRUE(*permissions::take_permission_flag(args, index, inputs.context));
    return inputs;
}

LaunchPlan plan_for(const std::vector<std::string>& args) {
    auto plan = build_launch_plan(inputs_with(args));
    EXPECT_TRUE(plan.ok()) << plan.error().message();
    return plan.ok() ? *plan : LaunchPlan{};
}

// Every mount whose destination is one of the resolver's files.
std::vector<MountOp> resolver_mounts(const LaunchPlan& plan) {
    std::vector<MountOp> found;
    for (const MountOp& op : plan.mounts) {
        const std::string dest = std::visit([](const auto& mount) { return mount.dest; }, op);
        for (const char* file : kResolverFiles)
            if (dest == file) found.push_back(op);
    }
    return found;
}

std::vector<MountOp> host_resolver_binds() {
    std::vector<MountOp> binds;
    for (const char* file : kResolverFiles)
        binds.push_back(BindMount{HostPath{file}, file, BindAccess::ReadOnly, true});
    return binds;
}

TEST(NetworkPlan, OwnNetworkNamespaceUnlessShared) {
    EXPECT_TRUE(plan_for({}).namespaces.net);
    EXPECT_FALSE(plan_for({"--share=network"}).namespaces.net);
    EXPECT_TRUE(plan_for({"--share=network", "--unshare=network"}).namespaces.net);
    EXPECT_TRUE(plan_for({"--share=ipc"}).namespaces.net);
}

TEST(NetworkPlan, SharingTheNetworkChangesNoOtherNamespace) {
    auto isolated = plan_for({}).namespaces;
    auto shared = plan_for({"--share=network"}).namespaces;
    shared.net = isolated.net;
    EXPECT_EQ(shared, isolated);
}

TEST(NetworkPlan, HostResolverFilesReadOnlyWithOrWithoutTheNetwork) {
    EXPECT_EQ(resolver_mounts(plan_for({"--share=network"})), host_resolver_binds());
    EXPECT_EQ(resolver_mounts(plan_for({})), host_resolver_binds());
}

TEST(NetworkPlan, TheRuntimesResolverFilesAreNeverUsed) {
    for (const auto& args : {std::vector<std::string>{}, {"--share=network"}}) {
        for (const MountOp& op : plan_for(args).mounts) {
            const auto* bind = std::get_if<BindMount>(&op);
            if (bind == nullptr) continue;
            const auto* fd = std::get_if<InheritedFd>(&bind->source);
            EXPECT_FALSE(fd != nullptr && (fd->fd == 13 || fd->fd == 14)) << bind->dest;
        }
    }
}

}  // namespace
}  // namespace sandbox::run

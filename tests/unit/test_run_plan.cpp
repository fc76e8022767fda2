// `sandbox run`'s mapping: gathered inputs → LaunchPlan, checked as data.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/host_user.hpp"
#include "sandbox/run/instance_info.hpp"
#include "sandbox/run/ldconfig_plan.hpp"
#include "sandbox/run/plan_builder.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindData;
using launcher::BindMount;
using launcher::DevMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::MakeDir;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::ProcMount;
using launcher::TmpfsMount;

constexpr const char* kHome = "/home/user";
constexpr const char* kAppDir = "/home/user/.var/app/org.test.App";

permissions::Context flags(const std::vector<std::string>& args) {
    permissions::Context layer;
    std::size_t index = 0;
    while (index < args.size()) EXPECT_TRUE(*permissions::take_permission_flag(args, index, layer));
    return layer;
}

PlanInputs sample_inputs() {
    PlanInputs inputs;
    inputs.app_id = "org.test.App";
    inputs.uid = 1000;
    inputs.gid = 1000;
    inputs.home = kHome;
    inputs.runtime = RuntimeTree{10, {"bin", "lib", "lib64"}, {}, true, "", false};
    inputs.runtime.etc = {EtcEntry{"os-release", "../usr/lib/os-release", -1},
                          EtcEntry{"fonts", std::nullopt, 11}, EtcEntry{"passwd", std::nullopt, 12},
                          EtcEntry{"resolv.conf", std::nullopt, 13}};
    inputs.app = AppTree{20, false};
    inputs.app_dirs = AppDirs{kAppDir, 30, 31, 32, 33, 34};
    inputs.persistent = {PersistentDir{"/home/user/.mozilla", 40}};
    inputs.files = GeneratedFiles{50, 51, 52, -1};
    inputs.environment = {"PATH=/app/bin:/usr/bin"};
    inputs.argv = {"--tmpfs", "/", "-x"};
    inputs.status_fd = 60;
    return inputs;
}

bool same_program(const launcher::SeccompProgram& a, const launcher::SeccompProgram& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), a.size() * sizeof(sock_filter)) == 0;
}

launcher::LaunchPlan plan_for(const PlanInputs& inputs) {
    auto plan = build_launch_plan(inputs);
    EXPECT_TRUE(plan.ok()) << plan.error().message();
    return plan.ok() ? *plan : launcher::LaunchPlan{};
}

bool has_mount(const launcher::LaunchPlan& plan, const MountOp& op) {
    return std::find(plan.mounts.begin(), plan.mounts.end(), op) != plan.mounts.end();
}

std::size_t position_of(const launcher::LaunchPlan& plan, const MountOp& op) {
    return static_cast<std::size_t>(std::find(plan.mounts.begin(), plan.mounts.end(), op) -
                                    plan.mounts.begin());
}

TEST(RunPlan, TreesAreReadOnlyByFdWithUsrMergeLinks) {
    auto plan = plan_for(sample_inputs());
    EXPECT_EQ(plan.mounts.at(0), MountOp(BindMount{InheritedFd{10}, "/usr", BindAccess::ReadOnly}));
    EXPECT_TRUE(has_mount(plan, MakeSymlink{"usr/bin", "/bin"}));
    EXPECT_TRUE(has_mount(plan, MakeSymlink{"usr/lib", "/lib"}));
    EXPECT_TRUE(has_mount(plan, MakeSymlink{"usr/lib64", "/lib64"}));
    EXPECT_FALSE(has_mount(plan, MakeSymlink{"usr/sbin", "/sbin"}));
    EXPECT_TRUE(has_mount(plan, BindMount{InheritedFd{20}, "/app", BindAccess::ReadOnly}));
    EXPECT_EQ(plan.lock_files, (std::vector<std::string>{"/usr/.ref"}));
}

TEST(RunPlan, KernelFilesystemsAndScratchSpace) {
    auto plan = plan_for(sample_inputs());
    EXPECT_TRUE(has_mount(plan, ProcMount{"/proc"}));
    EXPECT_TRUE(has_mount(plan, DevMount{"/dev"}));
    EXPECT_TRUE(has_mount(plan, TmpfsMount{"/tmp", 01777, 0}));
    EXPECT_TRUE(has_mount(plan, MakeDir{"/run/user/1000", 0700}));
    EXPECT_TRUE(has_mount(plan, MakeDir{kHome, 0755}));
    EXPECT_TRUE(has_mount(plan, MakeSymlink{"../run", "/var/run"}));
}

TEST(RunPlan, EtcComesFromTheRuntimeButPasswdAndGroupAreMadeForTheUser) {
    auto plan = plan_for(sample_inputs());
    EXPECT_TRUE(has_mount(plan, MakeSymlink{"../usr/lib/os-release", "/etc/os-release"}));
    EXPECT_TRUE(has_mount(plan, BindMount{InheritedFd{11}, "/etc/fonts", BindAccess::ReadOnly}));
    EXPECT_FALSE(has_mount(plan, BindMount{InheritedFd{12}, "/etc/passwd", BindAccess::ReadOnly}));
    EXPECT_FALSE(
        has_mount(plan, BindMount{InheritedFd{13}, "/etc/resolv.conf", BindAccess::ReadOnly}));
    EXPECT_TRUE(has_mount(plan, BindData{50, "/etc/passwd", 0644, true}));
    EXPECT_TRUE(has_mount(plan, BindData{51, "/etc/group", 0644, true}));
    EXPECT_TRUE(has_mount(plan, BindMount{HostPath{"/etc/machine-id"}, "/etc/machine-id",
                                          BindAccess::ReadOnly, true}));
}

TEST(RunPlan, HostResolverFilesWithOrWithoutTheNetwork) {
    PlanInputs inputs = sample_inputs();
    const MountOp resolv =
        BindMount{HostPath{"/etc/resolv.conf"}, "/etc/resolv.conf", BindAccess::ReadOnly, true};
    EXPECT_TRUE(has_mount(plan_for(inputs), resolv));
    EXPECT_TRUE(plan_for(inputs).namespaces.net);
    inputs.context = flags({"--share=network"});
    auto plan = plan_for(inputs);
    EXPECT_TRUE(has_mount(plan, resolv));
    EXPECT_TRUE(has_mount(
        plan, BindMount{HostPath{"/etc/hosts"}, "/etc/hosts", BindAccess::ReadOnly, true}));
    EXPECT_FALSE(plan.namespaces.net);
}

TEST(RunPlan, Namespaces) {
    PlanInputs inputs = sample_inputs();
    auto plan = plan_for(inputs);
    EXPECT_TRUE(plan.namespaces.user && plan.namespaces.mount && plan.namespaces.pid &&
                plan.namespaces.uts && plan.namespaces.ipc && plan.namespaces.net);
    EXPECT_FALSE(plan.namespaces.cgroup);
    EXPECT_TRUE(plan.disable_userns);
    EXPECT_TRUE(plan.die_with_parent);
    inputs.context = flags({"--share=ipc"});
    EXPECT_FALSE(plan_for(inputs).namespaces.ipc);
}

TEST(RunPlan, DevicesAsGranted) {
    PlanInputs inputs = sample_inputs();
    inputs.context = flags({"--device=dri"});
    auto plan = plan_for(inputs);
    EXPECT_TRUE(has_mount(plan, DevMount{"/dev"}));
    EXPECT_TRUE(
        has_mount(plan, BindMount{HostPath{"/dev/dri"}, "/dev/dri", BindAccess::Devices, true}));
    EXPECT_FALSE(
        has_mount(plan, BindMount{HostPath{"/dev/kvm"}, "/dev/kvm", BindAccess::Devices, true}));

    inputs.context = flags({"--device=all"});
    plan = plan_for(inputs);
    EXPECT_FALSE(has_mount(plan, DevMount{"/dev"}));
    EXPECT_TRUE(has_mount(plan, BindMount{HostPath{"/dev"}, "/dev", BindAccess::Devices, false}));
    EXPECT_TRUE(has_mount(plan, TmpfsMount{"/dev/shm", 01777, 0}));
}

TEST(RunPlan, AppDirsAreBoundWritableByFdAlsoUnderVar) {
    auto plan = plan_for(sample_inputs());
    for (auto [fd, dest] :
         std::vector<std::pair<int, std::string>>{{30, kAppDir},
                                                  {31, std::string(kAppDir) + "/data"},
                                                  {32, std::string(kAppDir) + "/config"},
                                                  {33, std::string(kAppDir) + "/cache"},
                                                  {34, std::string(kAppDir) + "/cache/tmp"},
                                                  {31, "/var/data"},
                                                  {32, "/var/config"},
                                                  {33, "/var/cache"},
                                                  {34, "/var/tmp"}})
        EXPECT_TRUE(has_mount(plan, BindMount{InheritedFd{fd}, dest, BindAccess::ReadWrite}))
            << dest;
}

TEST(RunPlan, PersistentDirsOnlyWithoutHomeAccess) {
    PlanInputs inputs = sample_inputs();
    const MountOp persistent =
        BindMount{InheritedFd{40}, "/home/user/.mozilla", BindAccess::ReadWrite};
    EXPECT_TRUE(has_mount(plan_for(inputs), persistent));
    inputs.filesystems.home_access = true;
    EXPECT_FALSE(has_mount(plan_for(inputs), persistent));
}

TEST(RunPlan, FilesystemExposuresComeAfterTheSystemAndBeforeTheAppDirs) {
    PlanInputs inputs = sample_inputs();
    const MountOp home = BindMount{HostPath{kHome}, kHome, BindAccess::ReadOnly, true};
    const MountOp hide = TmpfsMount{"/home/user/.var/app", 0755, 0};
    inputs.filesystems.mounts = {home, hide};
    auto plan = plan_for(inputs);
    const MountOp app_dir = BindMount{InheritedFd{30}, kAppDir, BindAccess::ReadWrite};
    EXPECT_LT(position_of(plan, MakeDir{kHome, 0755}), position_of(plan, home));
    EXPECT_LT(position_of(plan, home), position_of(plan, hide));
    EXPECT_LT(position_of(plan, hide), position_of(plan, app_dir));
}

TEST(RunPlan, FlatpakInfoIsReadOnlyDataMountedLast) {
    auto plan = plan_for(sample_inputs());
    EXPECT_EQ(plan.mounts.back(), MountOp(BindData{52, "/.flatpak-info", 0600, true}));
    EXPECT_TRUE(
        has_mount(plan, MakeSymlink{"../../../.flatpak-info", "/run/user/1000/flatpak-info"}));
}

TEST(RunPlan, ProcessSettings) {
    auto plan = plan_for(sample_inputs());
    // The command is argv[0] of an exec, never an option of anything: "--tmpfs" stays data.
    EXPECT_EQ(plan.argv, (std::vector<std::string>{"--tmpfs", "/", "-x"}));
    EXPECT_EQ(plan.environment, (std::vector<std::string>{"PATH=/app/bin:/usr/bin"}));
    EXPECT_EQ(plan.fd_policy, launcher::FdPolicy::OnlyListed);
    EXPECT_TRUE(plan.keep_fds.empty());
    EXPECT_EQ(plan.info_fd, 60);
    auto defaults = launcher::default_seccomp_programs({});
    ASSERT_EQ(plan.seccomp.size(), 2u);
    EXPECT_TRUE(same_program(plan.seccomp[0], defaults->at(0)));
    EXPECT_TRUE(same_program(plan.seccomp[1], defaults->at(1)));
}

TEST(RunPlan, SeccompRelaxationsFollowFeatures) {
    auto options = seccomp_options(flags({"--allow=multiarch", "--allow=bluetooth"}), false);
    EXPECT_TRUE(options.multiarch);
    EXPECT_TRUE(options.bluetooth);
    EXPECT_FALSE(options.devel);
    EXPECT_FALSE(options.canbus);
    EXPECT_TRUE(seccomp_options({}, true).devel);
    EXPECT_TRUE(seccomp_options(flags({"--allow=devel"}), false).devel);
    PlanInputs inputs = sample_inputs();
    inputs.devel = true;
    launcher::SeccompOptions devel;
    devel.devel = true;
    EXPECT_TRUE(same_program(plan_for(inputs).seccomp.at(0),
                             launcher::default_seccomp_programs(devel)->at(0)));
    EXPECT_FALSE(same_program(plan_for(inputs).seccomp.at(0),
                              launcher::default_seccomp_programs({})->at(0)));
}

TEST(RunPlan, NoCommandIsAnError) {
    PlanInputs inputs = sample_inputs();
    inputs.argv.clear();
    EXPECT_FALSE(build_launch_plan(inputs).ok());
}

TEST(RunPlan, GeneratedLdSoConfAndCacheReplaceTheRuntimes) {
    PlanInputs inputs = sample_inputs();
    inputs.runtime.etc.push_back(EtcEntry{"ld.so.conf", std::nullopt, 14});
    EXPECT_TRUE(has_mount(plan_for(inputs),
                          BindMount{InheritedFd{14}, "/etc/ld.so.conf", BindAccess::ReadOnly}));
    inputs.files.ld_so_conf_fd = 53;
    inputs.files.ld_cache_fd = 54;
    auto plan = plan_for(inputs);
    EXPECT_FALSE(
        has_mount(plan, BindMount{InheritedFd{14}, "/etc/ld.so.conf", BindAccess::ReadOnly}));
    EXPECT_TRUE(has_mount(plan, BindData{53, "/etc/ld.so.conf", 0644, true}));
    EXPECT_TRUE(has_mount(plan, BindData{54, "/etc/ld.so.cache", 0644, true}));
}

TEST(LdconfigPlan, RunsTheRuntimesLdconfigWithOnlyTheCacheDirWritable) {
    RuntimeTree runtime{10, {"bin", "lib64"}, {}, false, "/usr/bin/ldconfig", true};
    auto plan = build_ldconfig_plan({&runtime, AppTree{20, false}, 70, 71, "abc.123456"});
    ASSERT_TRUE(plan.ok()) << plan.error().message();
    EXPECT_EQ(plan->argv, (std::vector<std::string>{"/usr/bin/ldconfig", "-X", "-C",
                                                    "/run/ld-so-cache-dir/abc.123456"}));
    EXPECT_EQ(plan->mounts,
              (std::vector<MountOp>{
                  BindMount{InheritedFd{10}, "/usr", BindAccess::ReadOnly},
                  MakeSymlink{"usr/bin", "/bin"}, MakeSymlink{"usr/lib64", "/lib64"},
                  BindMount{InheritedFd{20}, "/app", BindAccess::ReadOnly},
                  BindData{71, "/etc/ld.so.conf", 0644, true}, ProcMount{"/proc"}, DevMount{"/dev"},
                  BindMount{InheritedFd{70}, "/run/ld-so-cache-dir", BindAccess::ReadWrite}}));
    EXPECT_TRUE(plan->namespaces.net && plan->namespaces.pid && plan->namespaces.ipc);
    EXPECT_TRUE(plan->die_with_parent);
    EXPECT_EQ(plan->seccomp.size(), 2u);  // the rules, then the allowlist
    EXPECT_EQ(plan->environment, (std::vector<std::string>{"PATH=/usr/bin:/usr/sbin"}));

    auto own_conf = build_ldconfig_plan({&runtime, AppTree{20, false}, 70, -1, "x"});
    EXPECT_TRUE(has_mount(*own_conf, MakeSymlink{"../usr/etc/ld.so.conf", "/etc/ld.so.conf"}));
    runtime.ldconfig.clear();
    EXPECT_FALSE(build_ldconfig_plan({&runtime, AppTree{20, false}, 70, -1, "x"}).ok());
}

TEST(LdconfigPlan, CacheNameFollowsBothCommits) {
    const std::string name = ld_cache_checksum("a1", "r1");
    EXPECT_EQ(name.size(), 64u);
    EXPECT_EQ(name, ld_cache_checksum("a1", "r1"));
    EXPECT_NE(name, ld_cache_checksum("a2", "r1"));
    EXPECT_NE(name, ld_cache_checksum("a1", "r2"));
}

TEST(InstanceInfo, FlatpakShapeWithTheEffectivePermissions) {
    InstanceInfo info{"org.test.App",
                      "runtime/org.test.Platform/x86_64/stable",
                      "42",
                      kAppDir,
                      "/inst/app/files",
                      "a1",
                      "/inst/runtime/files",
                      "r1",
                      "stable",
                      "x86_64",
                      false};
    EXPECT_EQ(instance_info_text(
                  info, flags({"--share=network", "--unshare=ipc", "--filesystem=home:ro"})),
              "[Application]\n"
              "name=org.test.App\n"
              "runtime=runtime/org.test.Platform/x86_64/stable\n"
              "\n"
              "[Instance]\n"
              "instance-id=42\n"
              "instance-path=/home/user/.var/app/org.test.App\n"
              "app-path=/inst/app/files\n"
              "app-commit=a1\n"
              "runtime-path=/inst/runtime/files\n"
              "runtime-commit=r1\n"
              "branch=stable\n"
              "arch=x86_64\n"
              "flatpak-version=1.14.10\n"
              "\n"
              "[Context]\n"
              "shared=network;\n"
              "filesystems=home:ro;\n");
}

TEST(HostUser, PasswdAndGroupForTheUser) {
    HostUser user{1000, 100, "ann", "Ann: The\nUser", "/home/ann", "users"};
    EXPECT_EQ(passwd_text(user),
              "ann:x:1000:100:Ann  The User:/home/ann:/bin/sh\n"
              "nfsnobody:x:65534:65534:Unmapped user:/:/sbin/nologin\n");
    EXPECT_EQ(group_text(user), "users:x:100:ann\nnfsnogroup:x:65534:\n");
}

}  // namespace
}  // namespace sandbox::run

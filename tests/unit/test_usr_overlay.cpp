// A Debian-packaged app layered over its runtime's /usr (usr-overlay=true), checked as data: the
// overlay at /usr, the union of both layers' /etc with the app's entry winning, the ld.so.cache
// helper seeing the composed /usr, and the metadata key.

#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/run/app_metadata.hpp"
#include "sandbox/run/ldconfig_plan.hpp"
#include "sandbox/run/plan_builder.hpp"
#include "sandbox/run/sandbox_environment.hpp"
#include "sandbox/run/usr_overlay.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindData;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::OverlayKind;
using launcher::OverlayMount;

constexpr int kRuntimeFd = 10;
constexpr int kAppFd = 20;

const MountOp kComposedUsr = OverlayMount{{InheritedFd{kRuntimeFd}, InheritedFd{kAppFd}},
                                          std::nullopt,
                                          std::nullopt,
                                          "/usr",
                                          OverlayKind::ReadOnly};

RuntimeTree debian_runtime() {
    RuntimeTree runtime{kRuntimeFd, {"bin", "lib", "lib64", "sbin"}, {}, true, "/usr/sbin/ldconfig",
                        false};
    // A layered app's runtime is read with EtcUse::Named: no fds.
    runtime.etc = {EtcEntry{"fonts", std::nullopt, -1}, EtcEntry{"ld.so.conf", std::nullopt, -1},
                   EtcEntry{"os-release", "../usr/lib/os-release", -1},
                   EtcEntry{"passwd", std::nullopt, -1}, EtcEntry{"ucf.conf", std::nullopt, -1}};
    return runtime;
}

AppTree libreoffice_layer() {
    AppTree app{kAppFd, true};
    app.usr_overlay = true;
    app.usr_merged_dirs = {"bin", "lib"};
    app.etc = {EtcEntry{"fonts", std::nullopt, -1}, EtcEntry{"libreoffice", std::nullopt, -1},
               EtcEntry{"ucf.conf", "/usr/share/ucf/ucf.conf", -1},
               EtcEntry{"passwd", std::nullopt, -1}};
    return app;
}

PlanInputs layered_inputs() {
    PlanInputs inputs;
    inputs.app_id = "org.libreoffice";
    inputs.uid = 1000;
    inputs.gid = 1000;
    inputs.home = "/home/user";
    inputs.runtime = debian_runtime();
    inputs.app = libreoffice_layer();
    inputs.app_dirs = AppDirs{"/home/user/.var/app/org.libreoffice", 30, 31, 32, 33, 34};
    inputs.files = GeneratedFiles{50, 51, 52, 54, -1};
    inputs.argv = {"libreoffice"};
    return inputs;
}

launcher::LaunchPlan plan_for(const PlanInputs& inputs) {
    auto plan = build_launch_plan(inputs);
    EXPECT_TRUE(plan.ok()) << plan.error().message();
    return plan.ok() ? *plan : launcher::LaunchPlan{};
}

bool has_mount(const std::vector<MountOp>& mounts, const MountOp& op) {
    return std::find(mounts.begin(), mounts.end(), op) != mounts.end();
}

// Every op that puts something at `dest`.
std::vector<MountOp> ops_at(const launcher::LaunchPlan& plan, const std::string& dest) {
    std::vector<MountOp> found;
    for (const MountOp& op : plan.mounts)
        std::visit(
            [&](const auto& typed) {
                if constexpr (requires { typed.dest; })
                    if (typed.dest == dest) found.push_back(op);
            },
            op);
    return found;
}

TEST(UsrOverlay, UsrIsTheAppOverTheRuntimeReadOnlyAndAppStaysTheApp) {
    auto plan = plan_for(layered_inputs());
    EXPECT_EQ(plan.mounts.at(0), kComposedUsr);
    EXPECT_EQ(ops_at(plan, "/usr"), (std::vector<MountOp>{kComposedUsr}));  // one mount, no bind
    EXPECT_TRUE(has_mount(plan.mounts,
                          BindMount{InheritedFd{kAppFd}, "/app", BindAccess::ReadOnly, false}));
}

TEST(UsrOverlay, OnlyTheKeyMakesTheOverlay) {
    PlanInputs inputs = layered_inputs();
    inputs.app.usr_overlay = false;
    auto plan = plan_for(inputs);
    EXPECT_EQ(plan.mounts.at(0),
              MountOp(BindMount{InheritedFd{kRuntimeFd}, "/usr", BindAccess::ReadOnly, false}));
    // Without the key the layer's etc/ is not the sandbox's /etc.
    EXPECT_TRUE(ops_at(plan, "/etc/libreoffice").empty());
}

TEST(UsrOverlay, UsrMergeLinksOfBothLayers) {
    RuntimeTree runtime = debian_runtime();
    runtime.usr_merged_dirs = {"bin", "lib"};
    AppTree app = libreoffice_layer();
    app.usr_merged_dirs = {"lib32", "bin"};
    EXPECT_EQ(usr_merged_dirs(runtime, app), (std::vector<std::string>{"bin", "lib", "lib32"}));
    app.usr_overlay = false;
    EXPECT_EQ(usr_merged_dirs(runtime, app), (std::vector<std::string>{"bin", "lib"}));
}

TEST(UsrOverlay, EtcIsTheUnionAndTheAppsEntryWinsAClash) {
    const std::vector<EtcEntry> etc = composed_etc(debian_runtime(), libreoffice_layer());
    std::vector<std::string> names;
    for (const EtcEntry& entry : etc) names.push_back(entry.name);
    EXPECT_EQ(names, (std::vector<std::string>{"fonts", "ld.so.conf", "libreoffice", "os-release",
                                               "passwd", "ucf.conf"}));
    const auto ucf = std::find_if(etc.begin(), etc.end(),
                                  [](const EtcEntry& entry) { return entry.name == "ucf.conf"; });
    EXPECT_EQ(ucf->symlink_target, std::optional<std::string>("/usr/share/ucf/ucf.conf"));
}

TEST(UsrOverlay, EtcEntriesPointIntoTheComposedUsrEtc) {
    auto plan = plan_for(layered_inputs());
    // The app's own, and one both layers have (the composed dir shows the files of both).
    EXPECT_EQ(ops_at(plan, "/etc/libreoffice"),
              (std::vector<MountOp>{MakeSymlink{"../usr/etc/libreoffice", "/etc/libreoffice"}}));
    EXPECT_EQ(ops_at(plan, "/etc/fonts"),
              (std::vector<MountOp>{MakeSymlink{"../usr/etc/fonts", "/etc/fonts"}}));
    EXPECT_EQ(ops_at(plan, "/etc/ld.so.conf"),
              (std::vector<MountOp>{MakeSymlink{"../usr/etc/ld.so.conf", "/etc/ld.so.conf"}}));
    // The runtime's file, replaced by the app's link of the same name.
    EXPECT_EQ(ops_at(plan, "/etc/ucf.conf"),
              (std::vector<MountOp>{MakeSymlink{"/usr/share/ucf/ucf.conf", "/etc/ucf.conf"}}));
    EXPECT_EQ(ops_at(plan, "/etc/os-release"),
              (std::vector<MountOp>{MakeSymlink{"../usr/lib/os-release", "/etc/os-release"}}));
}

TEST(UsrOverlay, HostAndUserFilesStillWinOverBothLayers) {
    auto plan = plan_for(layered_inputs());
    EXPECT_EQ(ops_at(plan, "/etc/passwd"),
              (std::vector<MountOp>{BindData{50, "/etc/passwd", 0644, true}}));
    EXPECT_TRUE(has_mount(plan.mounts, BindData{54, "/etc/ld.so.cache", 0644, true}));
}

TEST(UsrOverlay, OnlyTheAppsRefIsLocked) {
    EXPECT_EQ(plan_for(layered_inputs()).lock_files, (std::vector<std::string>{"/app/.ref"}));
}

TEST(UsrOverlay, LdconfigSeesTheComposedUsrAndItsConfDir) {
    const RuntimeTree runtime = debian_runtime();
    auto plan = build_ldconfig_plan({&runtime, libreoffice_layer(), 70, -1, "x"});
    ASSERT_TRUE(plan.ok()) << plan.error().message();
    EXPECT_EQ(plan->mounts.at(0), kComposedUsr);
    EXPECT_TRUE(has_mount(plan->mounts, MakeSymlink{"../usr/etc/ld.so.conf", "/etc/ld.so.conf"}));
    EXPECT_TRUE(
        has_mount(plan->mounts, MakeSymlink{"../usr/etc/ld.so.conf.d", "/etc/ld.so.conf.d"}));
    EXPECT_EQ(plan->argv.at(0), "/usr/sbin/ldconfig");
}

TEST(UsrOverlay, SearchPathsAreDebiansOwnWithoutAppTwice) {
    EnvironmentInputs inputs;
    inputs.app_id = "org.libreoffice";
    inputs.uid = 1000;
    inputs.home = "/home/user";
    inputs.app_dir = "/home/user/.var/app/org.libreoffice";
    inputs.usr_overlay = true;
    const std::vector<std::string> layered = sandbox_environment({}, inputs, {});
    const auto has = [](const std::vector<std::string>& entries, const std::string& entry) {
        return std::find(entries.begin(), entries.end(), entry) != entries.end();
    };
    EXPECT_TRUE(has(layered, "PATH=/usr/bin"));
    EXPECT_TRUE(has(layered, "XDG_DATA_DIRS=/usr/share"));
    EXPECT_TRUE(has(layered, "XDG_CONFIG_DIRS=/etc/xdg"));
    // Without a cache the loader still searches Debian's multiarch dirs; /app/lib would add
    // nothing.
    EXPECT_FALSE(std::any_of(layered.begin(), layered.end(), [](const std::string& entry) {
        return entry.rfind("LD_LIBRARY_PATH=", 0) == 0;
    }));
    inputs.usr_overlay = false;
    EXPECT_TRUE(has(sandbox_environment({}, inputs, {}), "PATH=/app/bin:/usr/bin"));
}

Result<DeploymentMetadata> parse_app(const std::string& extra) {
    const store::Ref ref{store::RefKind::App, "org.libreoffice", "x86_64", "stable"};
    permissions::Warnings warnings;
    return parse_deployment_metadata(
        "[Application]\nname=org.libreoffice\nruntime=org.debian.Platform/x86_64/12\n" + extra, ref,
        warnings);
}

TEST(UsrOverlay, MetadataKey) {
    EXPECT_FALSE(parse_app("")->usr_overlay);
    EXPECT_TRUE(parse_app("usr-overlay=true\n")->usr_overlay);
    EXPECT_FALSE(parse_app("usr-overlay=false\n")->usr_overlay);
    auto bad = parse_app("usr-overlay=yes\n");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message().find("usr-overlay"), std::string::npos)
        << bad.error().message();
}

}  // namespace
}  // namespace sandbox::run

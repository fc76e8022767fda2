// The document portal's store → the sandbox's mounts, as data; and xdg-run/doc refused.

#include <gtest/gtest.h>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/document_mounts.hpp"
#include "sandbox/run/filesystem_exposures.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::MakeDir;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::TmpfsMount;

TEST(DocumentStorePlan, StepFollowsTheStoreThenTheSessionBus) {
    EXPECT_EQ(document_store_step(true, true), DocumentStoreStep::BindAppView);
    EXPECT_EQ(document_store_step(true, false), DocumentStoreStep::BindAppView);
    EXPECT_EQ(document_store_step(false, true), DocumentStoreStep::StartPortal);
    EXPECT_EQ(document_store_step(false, false), DocumentStoreStep::Nothing);
}

TEST(DocumentStorePlan, OnlyFuseIsAStore) {
    EXPECT_TRUE(is_document_store_type(0x65735546));
    EXPECT_FALSE(is_document_store_type(0x01021994));  // tmpfs: the empty mount point
    EXPECT_FALSE(is_document_store_type(0));
}

TEST(DocumentStorePlan, AppViewIsByAppId) {
    EXPECT_EQ(document_app_view("org.test.Hello"), "by-app/org.test.Hello");
    for (const std::string& hostile :
         std::vector<std::string>{"", ".", "..", "../x", "a/b", std::string("a\0b", 3)})
        EXPECT_EQ(document_app_view(hostile), "") << hostile;
}

TEST(DocumentStorePlan, LiveStoreBindsTheAppViewAndLinksFlatpaksPath) {
    const std::vector<MountOp> expected{
        BindMount{InheritedFd{7}, "/run/user/1000/doc", BindAccess::ReadWrite, false},
        MakeDir{"/run/flatpak", 0755}, MakeSymlink{"../user/1000/doc", "/run/flatpak/doc"}};
    EXPECT_EQ(plan_document_mounts({true, 7}, 1000), expected);
    EXPECT_EQ(sandbox_document_dir(1000), "/run/user/1000/doc");
}

TEST(DocumentStorePlan, NoStoreOrNoViewMountsNothing) {
    EXPECT_TRUE(plan_document_mounts({false, -1}, 1000).empty());
    EXPECT_TRUE(plan_document_mounts({false, 7}, 1000).empty());
    EXPECT_TRUE(plan_document_mounts({true, -1}, 1000).empty());
}

permissions::Context flags(const std::vector<std::string>& args) {
    permissions::Context layer;
    std::size_t index = 0;
    while (index < args.size()) EXPECT_TRUE(*permissions::take_permission_flag(args, index, layer));
    return layer;
}

HostView host_with_runtime_dir(const std::string& runtime_dir) {
    HostView host;
    host.uid = 1000;
    host.home = "/home/user";
    host.app_dir = "/home/user/.var/app/org.test.App";
    host.xdg_dirs = {{"xdg-run", runtime_dir}};
    host.hidden = {runtime_dir + "/doc"};
    host.root_entries = {"home", "tmp", "run"};
    return host;
}

TEST(DocumentStorePlan, XdgRunDocIsRefusedWithOneWarning) {
    for (const std::string location : {"xdg-run/doc", "xdg-run/doc/abc123", "xdg-run/./doc:ro"}) {
        const FilesystemPlan plan = plan_filesystems(flags({"--filesystem=" + location}),
                                                     host_with_runtime_dir("/run/user/1000"));
        EXPECT_TRUE(plan.mounts.empty()) << location;
        ASSERT_EQ(plan.warnings.size(), 1u) << location;
        EXPECT_NE(plan.warnings[0].find("document store"), std::string::npos);
    }
    // The refusal is about the store, not xdg-run: a neighbour is shared.
    const FilesystemPlan plan = plan_filesystems(flags({"--filesystem=xdg-run/docs"}),
                                                 host_with_runtime_dir("/run/user/1000"));
    const std::vector<MountOp> expected{BindMount{
        HostPath{"/run/user/1000/docs"}, "/run/user/1000/docs", BindAccess::ReadWrite, true}};
    EXPECT_EQ(plan.mounts, expected);
}

TEST(DocumentStorePlan, StoreInAnExposedRuntimeDirIsCovered) {
    const HostView host = host_with_runtime_dir("/tmp/runtime-user");
    const FilesystemPlan above = plan_filesystems(flags({"--filesystem=/tmp"}), host);
    EXPECT_EQ(above.mounts.back(), (MountOp{TmpfsMount{"/tmp/runtime-user/doc", 0755, 0}}));
    const FilesystemPlan inside =
        plan_filesystems(flags({"--filesystem=/tmp/runtime-user/doc/by-app"}), host);
    EXPECT_TRUE(inside.mounts.empty());
    EXPECT_EQ(inside.warnings.size(), 1u);
}

}  // namespace
}  // namespace sandbox::run

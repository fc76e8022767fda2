// Single-file bundles in Flatpak's format, both ways.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;

TEST_F(StoreTest, OurBundleIsFlatpaksAndInstallsOffline) {
    auto app_bundle = scratch() / "hello.flatpak";
    auto runtime_bundle = scratch() / "platform.flatpak";
    CommandResult built = sandbox_plain(
        {"build-bundle", repo().path().string(), app_bundle.string(), kAppId, "stable"});
    ASSERT_EQ(built.status, 0) << built.err;
    ASSERT_EQ(sandbox_plain({"build-bundle", "--runtime", repo().path().string(),
                             runtime_bundle.string(), kRuntimeId, "stable"})
                  .status,
              0);
    auto flatpak_bundle = scratch() / "by-flatpak.flatpak";
    repo().flatpak_bundle(kAppId, flatpak_bundle);
    // The same bytes as flatpak's bundle, but for the timestamp of the delta.
    std::string ours = read_file(app_bundle);
    std::string theirs = read_file(flatpak_bundle);
    ASSERT_EQ(ours.size(), theirs.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) differing += ours[i] != theirs[i];
    EXPECT_LE(differing, 8u);

    // No remote at all: the runtime comes from its bundle first.
    CommandResult app_first = sandbox({"install", "--bundle", app_bundle.string()});
    EXPECT_TRUE(is_one_error_line(app_first, "Runtime runtime/org.sandbox.Platform/"));
    ASSERT_EQ(sandbox({"install", "--bundle", runtime_bundle.string()}).status, 0);
    CommandResult installed = sandbox({"install", app_bundle.string()});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    EXPECT_EQ(deployed_file(repo().app_ref(), "files/bin/hello"),
              "#!/bin/sh\necho \"hello from v1\"\n");
    EXPECT_THAT(sandbox({"list"}).out, HasSubstr(repo().app_ref() + "\t(bundle)\t"));
    CommandResult update = sandbox({"update"});
    EXPECT_THAT(update.out, HasSubstr("installed from a bundle"));
}

TEST_F(StoreTest, FlatpakBundleInstallsWithTheRuntimeFromARemote) {
    auto bundle = scratch() / "by-flatpak.flatpak";
    repo().flatpak_bundle(kAppId, bundle);
    add_remote("origin", repo().url());
    CommandResult installed = sandbox({"install", "-y", "--bundle", bundle.string()});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    EXPECT_FALSE(active_commit(repo().runtime_ref()).empty());
    EXPECT_FALSE(active_commit(repo().app_ref()).empty());
}

TEST_F(StoreTest, NotABundleIsOneLine) {
    auto bogus = scratch() / "bogus.flatpak";
    write_file(bogus, "not a bundle at all");
    add_remote("origin", repo().url());
    auto before = snapshot();
    EXPECT_TRUE(
        is_one_error_line(sandbox({"install", "--bundle", bogus.string()}), "is not a bundle"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

}  // namespace
}  // namespace sandbox::test::store

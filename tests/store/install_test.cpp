// A Flatpak-built repository (flatpak build-finish/build-export) used by `sandbox` as a remote:
// install, list, info, update to a new commit, uninstall.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;

TEST_F(StoreTest, InstallPullsAppAndRuntimeFromAFlatpakRepository) {
    add_remote("origin", repo().url());
    CommandResult installed = sandbox({"install", "-y", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    EXPECT_THAT(installed.out, HasSubstr("Installed " + repo().app_ref()));

    std::string app = repo().app_ref();
    std::string runtime = repo().runtime_ref();
    EXPECT_EQ(active_commit(app).size(), 64u);
    EXPECT_EQ(active_commit(runtime).size(), 64u);
    EXPECT_EQ(deployed_file(app, "files/bin/hello"), "#!/bin/sh\necho \"hello from v1\"\n");
    EXPECT_THAT(deployed_file(app, "metadata"), HasSubstr("command=hello"));
    EXPECT_TRUE(std::filesystem::is_directory(ref_dir(app) / "active/export"));
    EXPECT_TRUE(std::filesystem::exists(ref_dir(runtime) / "active/files/bin/bash"));
    EXPECT_TRUE(std::filesystem::exists(ref_dir(runtime) / "active/metadata"));
}

TEST_F(StoreTest, ListAndInfoDescribeTheInstalledRefs) {
    add_remote("origin", repo().url());
    install(kAppId);
    CommandResult list = sandbox({"list"});
    ASSERT_EQ(list.status, 0) << list.err;
    EXPECT_THAT(list.out, HasSubstr(repo().app_ref() + "\torigin\t"));
    EXPECT_THAT(list.out, HasSubstr(repo().runtime_ref() + "\torigin\t"));
    CommandResult apps = sandbox({"list", "--app"});
    EXPECT_THAT(apps.out, Not(HasSubstr("runtime/")));

    CommandResult info = sandbox({"info", kAppId});
    ASSERT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("Ref: " + repo().app_ref()));
    EXPECT_THAT(info.out, HasSubstr("Commit: " + active_commit(repo().app_ref())));
    EXPECT_THAT(info.out,
                HasSubstr("Runtime: " + std::string(kRuntimeId) + "/" + repo().arch() + "/stable"));
    EXPECT_THAT(info.out, HasSubstr("Installed size: "));
    EXPECT_THAT(info.out, HasSubstr("[Context]\n"));
    EXPECT_THAT(info.out, HasSubstr("shared=network;"));
    EXPECT_THAT(info.out, HasSubstr("sockets=wayland;"));
    EXPECT_THAT(info.out, HasSubstr("filesystems=xdg-documents:ro;"));
}

TEST_F(StoreTest, UpdateDeploysTheNewCommitAndRemovesTheOld) {
    add_remote("origin", repo().url());
    install(kAppId);
    std::string app = repo().app_ref();
    std::string old_commit = active_commit(app);
    repo().export_app(kAppId, "hello from v2");

    CommandResult updated = sandbox({"update", "-y"});
    ASSERT_EQ(updated.status, 0) << updated.out << updated.err;
    std::string new_commit = active_commit(app);
    EXPECT_NE(new_commit, old_commit);
    EXPECT_EQ(deployed_file(app, "files/bin/hello"), "#!/bin/sh\necho \"hello from v2\"\n");
    EXPECT_FALSE(std::filesystem::exists(ref_dir(app) / old_commit));
    EXPECT_THAT(updated.out, HasSubstr(repo().runtime_ref() + " is up to date"));

    CommandResult again = sandbox({"update", kAppId});
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_THAT(again.out, HasSubstr(app + " is up to date"));
}

TEST_F(StoreTest, UninstallRemovesTheDeploymentAndPrunesItsObjects) {
    add_remote("origin", repo().url());
    install(kAppId);
    auto with_both = repo_object_bytes();

    CommandResult refused = sandbox({"uninstall", kRuntimeId});
    EXPECT_TRUE(is_one_error_line(refused, "is used by " + repo().app_ref()));

    CommandResult app = sandbox({"uninstall", kAppId});
    ASSERT_EQ(app.status, 0) << app.err;
    EXPECT_FALSE(std::filesystem::exists(ref_dir(repo().app_ref())));
    auto runtime_only = repo_object_bytes();
    EXPECT_LT(runtime_only, with_both);

    CommandResult runtime = sandbox({"uninstall", kRuntimeId});
    ASSERT_EQ(runtime.status, 0) << runtime.err;
    EXPECT_FALSE(std::filesystem::exists(ref_dir(repo().runtime_ref())));
    // The runtime was megabytes; what is left is the repository's bookkeeping.
    EXPECT_LT(repo_object_bytes(), runtime_only / 20) << runtime_only;
    EXPECT_EQ(sandbox({"list"}).out, "");
}

TEST_F(StoreTest, RemotesAreListedAndDeletedButNotWhileInUse) {
    add_remote("origin", repo().url());
    add_remote("spare", repo().url());
    CommandResult duplicate = sandbox({"remote-add", "--no-gpg-verify", "spare", repo().url()});
    EXPECT_TRUE(is_one_error_line(duplicate, "already exists"));
    EXPECT_EQ(
        sandbox({"remote-add", "--if-not-exists", "--no-gpg-verify", "spare", repo().url()}).status,
        0);

    CommandResult remotes = sandbox({"remotes"});
    EXPECT_EQ(remotes.out, "origin\t" + repo().url() + "\tno-gpg-verify\nspare\t" + repo().url() +
                               "\tno-gpg-verify\n");
    CommandResult listing = sandbox({"remote-ls", "origin"});
    ASSERT_EQ(listing.status, 0) << listing.err;
    EXPECT_THAT(listing.out, HasSubstr(repo().app_ref() + "\t"));
    EXPECT_THAT(listing.out, HasSubstr(repo().runtime_ref() + "\t"));
    EXPECT_THAT(sandbox({"remote-ls", "--runtime"}).out, Not(HasSubstr("app/")));

    CommandResult ambiguous = sandbox({"install", kAppId});
    EXPECT_TRUE(is_one_error_line(ambiguous, "matches several refs: origin " + repo().app_ref() +
                                                 ", spare " + repo().app_ref()));
    ASSERT_EQ(sandbox({"install", "origin", kAppId}).status, 0);

    CommandResult in_use = sandbox({"remote-delete", "origin"});
    EXPECT_TRUE(is_one_error_line(in_use, "in use"));
    EXPECT_EQ(sandbox({"remote-delete", "spare"}).status, 0);
    EXPECT_EQ(sandbox({"remotes"}).out, "origin\t" + repo().url() + "\tno-gpg-verify\n");
}

TEST_F(StoreTest, PartialRefsResolveAsFlatpakDoes) {
    add_remote("origin", repo().url());
    std::string id_branch = std::string(kAppId) + "//stable";
    ASSERT_EQ(sandbox({"install", "-y", id_branch}).status, 0);
    EXPECT_EQ(sandbox({"uninstall", "app/" + std::string(kAppId)}).status, 0);
    ASSERT_EQ(sandbox({"install", "-y", repo().app_ref()}).status, 0);
    CommandResult wrong_branch = sandbox({"install", std::string(kAppId) + "//beta"});
    EXPECT_TRUE(is_one_error_line(wrong_branch, "Nothing matches"));
}

TEST_F(StoreTest, TheUserInstallationIsTheDefault) {
    CommandResult added = sandbox_plain({"remote-add", "--no-gpg-verify", "origin", repo().url()});
    ASSERT_EQ(added.status, 0) << added.err;
    CommandResult installed = sandbox_plain({"install", "-y", "--user", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.err;
    auto deployed = scratch() / "home/.local/share/sandbox" / repo().app_ref() / "active/metadata";
    EXPECT_TRUE(std::filesystem::exists(deployed));
    EXPECT_THAT(sandbox_plain({"list"}).out, HasSubstr(repo().app_ref()));
}

}  // namespace
}  // namespace sandbox::test::store

// Bad input: one clear line on stderr, exit status 1, and the installation as it was.

#include <gmock/gmock.h>

#include <fstream>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

// The object file holding `path` of `ref` in an archive repository.
fs::path object_of(const fs::path& repo, const std::string& ref, const std::string& path) {
    CommandResult listed =
        run_command({"/usr/bin/ostree", "--repo=" + repo.string(), "ls", "-C", ref, path});
    if (listed.status != 0) throw std::runtime_error("ostree ls: " + listed.err);
    std::istringstream fields(listed.out);
    std::string mode, uid, gid, size, checksum;
    fields >> mode >> uid >> gid >> size >> checksum;
    return repo / "objects" / checksum.substr(0, 2) / (checksum.substr(2) + ".filez");
}

// Puts another valid object's bytes where `object` was: only its checksum tells them apart.
void corrupt(const fs::path& object, const fs::path& other) {
    fs::permissions(object, fs::perms::owner_read | fs::perms::owner_write);
    fs::copy_file(other, object, fs::copy_options::overwrite_existing);
}

TEST_F(StoreTest, UnknownRefIsOneLineAndChangesNothing) {
    add_remote("origin", repo().url());
    auto before = snapshot();
    CommandResult result = sandbox({"install", "-y", "org.sandbox.Unknown"});
    EXPECT_TRUE(is_one_error_line(result, "Nothing matches org.sandbox.Unknown in any remote"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    EXPECT_TRUE(is_one_error_line(sandbox({"uninstall", "org.sandbox.Unknown"}), "not installed"));
    EXPECT_TRUE(is_one_error_line(sandbox({"info", "org.sandbox.Unknown"}), "not installed"));
    EXPECT_TRUE(is_one_error_line(sandbox({"remote-ls", "nowhere"}), "No remote named nowhere"));
}

TEST_F(StoreTest, MissingRuntimeIsOneLineAndChangesNothing) {
    repo().export_app("org.sandbox.Orphan", "orphan", "org.sandbox.Missing");
    add_remote("origin", repo().url());
    auto before = snapshot();
    CommandResult result = sandbox({"install", "-y", "org.sandbox.Orphan"});
    EXPECT_TRUE(is_one_error_line(result, "Runtime runtime/org.sandbox.Missing/" + repo().arch() +
                                              "/stable is not installed and no remote has it"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

TEST_F(StoreTest, CorruptObjectIsOneLineAndChangesNothing) {
    add_remote("origin", repo().url());
    install(kAppId);
    fs::path v1_object = object_of(repo().path(), repo().app_ref(), "/files/bin/hello");
    repo().export_app(kAppId, "hello from a corrupt v2");
    corrupt(object_of(repo().path(), repo().app_ref(), "/files/bin/hello"), v1_object);
    auto before = snapshot();

    CommandResult updated = sandbox({"update", "-y", kAppId});
    EXPECT_TRUE(
        is_one_error_line(updated, "Can't pull " + repo().app_ref() + " from remote origin"));
    EXPECT_THAT(updated.err, ::testing::HasSubstr("orrupted"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    EXPECT_EQ(deployed_file(repo().app_ref(), "files/bin/hello"),
              "#!/bin/sh\necho \"hello from v1\"\n");

    ASSERT_EQ(sandbox({"uninstall", kAppId}).status, 0);
    auto without_app = snapshot();
    CommandResult installed = sandbox({"install", "-y", kAppId});
    EXPECT_TRUE(is_one_error_line(installed, "Can't pull " + repo().app_ref()));
    EXPECT_EQ(snapshot_changes(without_app, snapshot()), "");
}

TEST_F(StoreTest, DotDotInRefsAndNamesIsRefused) {
    add_remote("origin", repo().url());
    auto before = snapshot();
    for (const std::string bad :
         {"../../etc", "org.sandbox.Hello/../../x", "app/../org.sandbox.Hello/x86_64/stable",
          "app/org.sandbox.Hello/x86_64/..", "org.sandbox.Hello//..", ".."}) {
        EXPECT_TRUE(is_one_error_line(sandbox({"install", "-y", bad}), "Invalid")) << bad;
        EXPECT_TRUE(is_one_error_line(sandbox({"uninstall", bad}), "Invalid")) << bad;
        EXPECT_TRUE(is_one_error_line(sandbox({"info", bad}), "Invalid")) << bad;
        EXPECT_TRUE(is_one_error_line(sandbox({"update", bad}), "Invalid")) << bad;
    }
    EXPECT_TRUE(is_one_error_line(sandbox({"remote-add", "--no-gpg-verify", "../up", repo().url()}),
                                  "Invalid remote name"));
    EXPECT_TRUE(
        is_one_error_line(sandbox({"remote-add", "x", "ftp://example"}), "Invalid remote URL"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

TEST_F(StoreTest, EscapeSequencesInInputArePrintedHarmlessly) {
    CommandResult result = sandbox({"install", "-y", "org.\x1b[31mred.App"});
    EXPECT_TRUE(is_one_error_line(result, "Invalid ID org.?[31mred.App"));
    EXPECT_EQ(result.err.find('\x1b'), std::string::npos);
}

TEST_F(StoreTest, UnknownOptionNamesTheHelp) {
    CommandResult result = sandbox({"install", "--frobnicate", kAppId});
    EXPECT_TRUE(is_one_error_line(result, "see 'sandbox install --help'"));
    CommandResult help = sandbox_plain({"install", "--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_THAT(help.out, ::testing::HasSubstr("Usage: sandbox install"));
}

}  // namespace
}  // namespace sandbox::test::store

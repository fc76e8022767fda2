// Signed repositories: commits and summary signed with flatpak's tools, verified with the key the
// remote was added with.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

class GpgTest : public StoreTest {
  protected:
    void TearDown() override {
        // gpg leaves an agent behind; it must not outlive the test.
        if (!gnupg_home_.empty()) gpg_tool({"/usr/bin/gpgconf", "--kill", "all"});
        StoreTest::TearDown();
    }

    CommandResult gpg_tool(const std::vector<std::string>& argv) {
        CommandOptions options;
        options.environment =
            std::vector<std::string>{"PATH=/usr/bin:/bin", "GNUPGHOME=" + gnupg_home_.string(),
                                     "HOME=" + (scratch() / "home").string()};
        return run_command(argv, options);
    }

    // A key of our own, exported to a file; returns its fingerprint.
    std::string make_key(const fs::path& key_file) {
        gnupg_home_ = scratch() / "gnupg";
        fs::create_directories(gnupg_home_);
        fs::permissions(gnupg_home_, fs::perms::owner_all);
        CommandResult made =
            gpg_tool({"/usr/bin/gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                      "Sandbox Test <test@example.org>", "rsa2048", "sign", "never"});
        EXPECT_EQ(made.status, 0) << made.err;
        CommandResult listed = gpg_tool({"/usr/bin/gpg", "--list-keys", "--with-colons"});
        std::string fingerprint;
        std::istringstream lines(listed.out);
        for (std::string line; std::getline(lines, line) && fingerprint.empty();)
            if (line.starts_with("fpr:")) fingerprint = line.substr(12, line.size() - 13);
        CommandResult exported = gpg_tool(
            {"/usr/bin/gpg", "--batch", "--output", key_file.string(), "--export", fingerprint});
        EXPECT_EQ(exported.status, 0) << exported.err;
        return fingerprint;
    }

    void sign_repo(const std::string& key) {
        std::string sign = "--gpg-sign=" + key;
        std::string home = "--gpg-homedir=" + gnupg_home_.string();
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"build-sign", sign, home, repo().path().string(), kAppId,
                                       kBranch},
              std::vector<std::string>{"build-sign", "--runtime", sign, home,
                                       repo().path().string(), kRuntimeId, kBranch},
              std::vector<std::string>{"build-update-repo", sign, home, repo().path().string()}}) {
            std::vector<std::string> argv{"/usr/bin/flatpak"};
            argv.insert(argv.end(), args.begin(), args.end());
            CommandResult result = gpg_tool(argv);
            ASSERT_EQ(result.status, 0) << result.err;
        }
    }

    fs::path gnupg_home_;
};

TEST_F(GpgTest, SignedRepositoryInstallsWithItsKeyAndUnsignedIsRefused) {
    fs::path key_file = scratch() / "key.gpg";
    fs::path unsigned_copy = scratch() / "unsigned";
    fs::copy(repo().path(), unsigned_copy, fs::copy_options::recursive);
    sign_repo(make_key(key_file));

    CommandResult added =
        sandbox({"remote-add", "--gpg-import=" + key_file.string(), "signed", repo().url()});
    ASSERT_EQ(added.status, 0) << added.err;
    EXPECT_EQ(sandbox({"remotes"}).out, "signed\t" + repo().url() + "\tgpg-verify\n");
    CommandResult installed = sandbox({"install", "-y", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;

    ASSERT_EQ(sandbox({"remote-add", "--gpg-import=" + key_file.string(), "unsigned",
                       "file://" + unsigned_copy.string()})
                  .status,
              0);
    auto before = snapshot();
    CommandResult refused = sandbox({"install", "-y", "unsigned", "org.sandbox.Other"});
    EXPECT_TRUE(is_one_error_line(refused, "GPG"));
    EXPECT_TRUE(is_one_error_line(refused, "--no-gpg-verify"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

}  // namespace
}  // namespace sandbox::test::store

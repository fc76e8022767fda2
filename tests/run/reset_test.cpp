// Catalog S43 (CVE-2022-21682): "no filesystem access" must really reset. An app whose metadata
// grants a home directory and an absolute path sees neither under --nofilesystem=host:reset,
// given on the command line or as an override; plain --nofilesystem=host keeps them, as in
// Flatpak, where it revokes only the `host` grant itself.

#include <gmock/gmock.h>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

constexpr const char* kGrantingApp = "org.test.Granting";

class FilesystemReset : public RunTest {
  protected:
    void SetUp() override {
        RunTest::SetUp();
        home_grant_ = home() / "x";
        absolute_grant_ = scratch() / "srv" / "y";
        write_file(home_grant_ / "in-x", "x", kReadableMode);
        write_file(absolute_grant_ / "in-y", "y", kReadableMode);
        install_app(kGrantingApp, "[Application]\nname=" + std::string(kGrantingApp) +
                                      "\nruntime=" + runtime_field() +
                                      "\ncommand=hello\n[Context]\nfilesystems=~/x;" +
                                      absolute_grant_.string() + ";\n");
    }

    // What the app finds at each granted path: the file inside it, or nothing.
    std::vector<bool> grants_visible(const std::vector<std::string>& options) {
        std::vector<bool> visible;
        for (const auto& file : {home_grant_ / "in-x", absolute_grant_ / "in-y"}) {
            std::vector<std::string> args{"run", "--installation=" + installation_dir().string(),
                                          "--command=probe"};
            args.insert(args.end(), options.begin(), options.end());
            args.insert(args.end(), {kGrantingApp, "stat", file.string()});
            CommandResult result = sandbox(args);
            EXPECT_EQ(result.status, 0) << result.err;
            visible.push_back(value_of(parse_key_values(result.out), "exists") == "1");
        }
        return visible;
    }

    std::filesystem::path home_grant_;
    std::filesystem::path absolute_grant_;
};

const std::vector<bool> kBothVisible{true, true};
const std::vector<bool> kNeitherVisible{false, false};

TEST_F(FilesystemReset, TheMetadataGrantsBothPaths) {
    EXPECT_EQ(grants_visible({}), kBothVisible);
}

TEST_F(FilesystemReset, HostResetOnTheCommandLineHidesBoth) {
    EXPECT_EQ(grants_visible({"--nofilesystem=host:reset"}), kNeitherVisible);
}

TEST_F(FilesystemReset, PlainNoHostKeepsTheOtherGrants) {
    EXPECT_EQ(grants_visible({"--nofilesystem=host"}), kBothVisible);
}

// A grant given after the reset, on the same command line, still applies.
TEST_F(FilesystemReset, AGrantAfterTheResetOnTheSameLineStays) {
    EXPECT_EQ(grants_visible({"--nofilesystem=host:reset", "--filesystem=~/x"}),
              (std::vector<bool>{true, false}));
}

TEST_F(FilesystemReset, HostResetAsAnOverrideHidesBothUntilTheOverrideGoes) {
    CommandResult set = sandbox({"override", "--user", "--nofilesystem=host:reset", kGrantingApp});
    ASSERT_EQ(set.status, 0) << set.err;
    EXPECT_EQ(grants_visible({}), kNeitherVisible);

    ASSERT_EQ(sandbox({"override", "--user", "--reset", kGrantingApp}).status, 0);
    EXPECT_EQ(grants_visible({}), kBothVisible);
}

TEST_F(FilesystemReset, HostResetAsAGlobalOverrideHidesBoth) {
    ASSERT_EQ(sandbox({"override", "--user", "--nofilesystem=host:reset"}).status, 0);
    EXPECT_EQ(grants_visible({}), kNeitherVisible);
}

}  // namespace
}  // namespace sandbox::test

// State the app could have planted in an earlier run must not let the next launch reach outside
// (the "pre-seed from outside" pattern of Flatpak's tests): S17, S18.

#include <gmock/gmock.h>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;

class RunEscape : public RunTest {
  protected:
    void SetUp() override {
        RunTest::SetUp();
        victim_ = scratch() / "victim";
        std::filesystem::create_directories(victim_);
        write_file(victim_ / "secret", "host secret");
    }

    // Creates the app's directories as a first run would, then lets `plant` replace one.
    void first_run() { ASSERT_EQ(run_probe_app({}, {"exit", "0"}).status, 0); }

    void expect_refused(const CommandResult& result) {
        EXPECT_NE(result.status, 0);
        EXPECT_THAT(result.err, HasSubstr("Refusing"));
        EXPECT_THAT(result.err, HasSubstr("symbolic link"));
        EXPECT_EQ(result.out.find("secret"), std::string::npos) << result.out;
        EXPECT_EQ(tree_of(victim_), std::vector<std::string>{"secret"})
            << "the launch wrote outside the app's directory";
    }

    std::filesystem::path victim_;
};

struct PlantedLink {
    std::string subdir;
    bool relative;
};

class RunEscapeDataDirs : public RunEscape, public ::testing::WithParamInterface<PlantedLink> {};

// GHSA-8688-9x26-hhxj: cache, data, config or cache/tmp swapped for a link to a host directory.
TEST_P(RunEscapeDataDirs, PlantedSymlinkMakesTheLaunchFail) {
    first_run();
    const PlantedLink planted = GetParam();
    const std::filesystem::path link = app_dir() / planted.subdir;
    std::filesystem::remove_all(link);
    std::filesystem::path target = victim_;
    if (planted.relative) target = std::filesystem::relative(victim_, link.parent_path());
    std::filesystem::create_directory_symlink(target, link);

    const std::string inside = app_dir().string() + "/" + planted.subdir + "/pwned";
    expect_refused(run_probe_app({}, {"write", inside}));
    const std::string var_path = "/var/" + planted.subdir.substr(planted.subdir.find('/') + 1);
    expect_refused(run_probe_app({}, {"write", var_path + "/pwned"}));
}

INSTANTIATE_TEST_SUITE_P(
    AllDirs, RunEscapeDataDirs,
    ::testing::Values(PlantedLink{"data", false}, PlantedLink{"data", true},
                      PlantedLink{"config", false}, PlantedLink{"config", true},
                      PlantedLink{"cache", false}, PlantedLink{"cache", true},
                      PlantedLink{"cache/tmp", false}, PlantedLink{"cache/tmp", true}),
    [](const auto& info) {
        std::string name = info.param.subdir + (info.param.relative ? "_relative" : "_absolute");
        std::replace(name.begin(), name.end(), '/', '_');
        return name;
    });

TEST_F(RunEscape, PlantedAppDirectoryLinkMakesTheLaunchFail) {
    std::filesystem::create_directories(home() / ".var/app");
    std::filesystem::create_directory_symlink(victim_, app_dir());
    expect_refused(run_probe_app({}, {"exit", "0"}));
}

// CVE-2024-42472: --persist=DIR with ~/.var/app/ID/DIR made a link to a host directory.
TEST_F(RunEscape, PlantedPersistentDirectoryLinkMakesTheLaunchFail) {
    first_run();
    std::filesystem::create_directory_symlink(victim_, app_dir() / ".persisted");
    expect_refused(
        run_probe_app({"--persist=.persisted"}, {"stat", home().string() + "/.persisted"}));
}

TEST_F(RunEscape, PersistentPathWithDotDotIsRefused) {
    CommandResult result = run_probe_app({"--persist=relative/../escape"}, {"exit", "0"});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("'..'"));
}

TEST_F(RunEscape, PersistentDirectoryIsKeptInTheAppsDirectory) {
    auto report =
        probe_app({"--persist=.persisted"}, {"write", home().string() + "/.persisted/kept"});
    EXPECT_EQ(value_of(report, "write"), "ok");
    EXPECT_TRUE(std::filesystem::exists(app_dir() / ".persisted/kept"));
    EXPECT_FALSE(std::filesystem::exists(home() / ".persisted"));
}

}  // namespace
}  // namespace sandbox::test

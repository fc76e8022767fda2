// The one-time notice of `sandbox run` (docs/EXPORTS.md, "XDG_DATA_DIRS"): when the exports of the
// user's or the system's installation exist but are not on XDG_DATA_DIRS, the first run says so in
// one line and remembers it ($XDG_STATE_HOME/sandbox/exports-notice); later runs are silent.
#include <gmock/gmock.h>

#include <filesystem>
#include <sstream>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class DataDirsNotice : public RunTest {
  protected:
    void SetUp() override {
        RunTest::SetUp();
        user_exports_ = home() / ".local/share/sandbox/exports/share";
        system_base_ = scratch() / "system";
    }

    // `sandbox run` of the suite's app, which exits at once; the system installation is the
    // test's own.
    CommandResult run_app(const std::vector<std::string>& extra_environment) {
        std::vector<std::string> environment{"SANDBOX_SYSTEM_DIR=" + system_base_.string()};
        environment.insert(environment.end(), extra_environment.begin(), extra_environment.end());
        return sandbox({"run", "--installation=" + installation_dir().string(), "--command=bash",
                        kAppId, "-c", "echo ran"},
                       environment);
    }

    [[nodiscard]] fs::path marker() const { return home() / ".local/state/sandbox/exports-notice"; }

    static std::vector<std::string> notice_lines(const std::string& err) {
        std::vector<std::string> lines;
        std::istringstream stream(err);
        for (std::string line; std::getline(stream, line);)
            if (line.find("XDG_DATA_DIRS") != std::string::npos) lines.push_back(line);
        return lines;
    }

    fs::path user_exports_;
    fs::path system_base_;
};

TEST_F(DataDirsNotice, ExportsOffXdgDataDirsAreNamedOnceThenRunsAreSilent) {
    fs::create_directories(user_exports_);
    CommandResult first = run_app({"XDG_DATA_DIRS=/usr/local/share:/usr/share"});
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_EQ(first.out, "ran\n");
    const std::vector<std::string> notice = notice_lines(first.err);
    ASSERT_EQ(notice.size(), 1u) << first.err;
    EXPECT_THAT(notice[0], HasSubstr("sandbox: warning: The desktop will not show the apps "
                                     "exported to " +
                                     user_exports_.string() + " until XDG_DATA_DIRS holds it"));
    EXPECT_THAT(notice[0], HasSubstr("log in again, or run '. /"));
    EXPECT_THAT(notice[0], HasSubstr("/profile.d/sandbox.sh' in this shell"));
    EXPECT_TRUE(fs::exists(marker()));

    CommandResult second = run_app({"XDG_DATA_DIRS=/usr/local/share:/usr/share"});
    ASSERT_EQ(second.status, 0) << second.err;
    EXPECT_EQ(second.err, "") << "given once";
    CommandResult unset = run_app({});
    EXPECT_EQ(unset.err, "") << "given once, whatever XDG_DATA_DIRS is now";
}

TEST_F(DataDirsNotice, TheSystemsExportsAreNamedToo) {
    fs::create_directories(user_exports_);
    fs::create_directories(system_base_ / "exports/share");
    CommandResult result = run_app({});
    ASSERT_EQ(result.status, 0) << result.err;
    const std::vector<std::string> notice = notice_lines(result.err);
    ASSERT_EQ(notice.size(), 1u) << result.err;
    EXPECT_THAT(notice[0], HasSubstr(user_exports_.string() + " and " +
                                     (system_base_ / "exports/share").string() + " until"));
}

TEST_F(DataDirsNotice, OnXdgDataDirsNothingIsSaid) {
    fs::create_directories(user_exports_);
    fs::create_directories(system_base_ / "exports/share");
    CommandResult result = run_app({"XDG_DATA_DIRS=" + user_exports_.string() + "/:" +
                                    (system_base_ / "exports/share").string() + ":/usr/share"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_FALSE(fs::exists(marker())) << "kept for when it is needed";
}

TEST_F(DataDirsNotice, NothingExportedNothingSaid) {
    CommandResult result = run_app({"XDG_DATA_DIRS=/usr/share"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.err, "");
    EXPECT_FALSE(fs::exists(marker()));
}

TEST_F(DataDirsNotice, TheMarkerIsInXdgStateHome) {
    fs::create_directories(user_exports_);
    const fs::path state = scratch() / "state";
    CommandResult first = run_app({"XDG_STATE_HOME=" + state.string()});
    EXPECT_EQ(notice_lines(first.err).size(), 1u) << first.err;
    EXPECT_TRUE(fs::exists(state / "sandbox/exports-notice"));
    EXPECT_FALSE(fs::exists(marker()));
    CommandResult other_state = run_app({});
    EXPECT_EQ(notice_lines(other_state.err).size(), 1u) << "another state dir, not given there yet";
    CommandResult again = run_app({"XDG_STATE_HOME=" + state.string()});
    EXPECT_THAT(again.err, Not(HasSubstr("XDG_DATA_DIRS")));
}

}  // namespace
}  // namespace sandbox::test

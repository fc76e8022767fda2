// A file opened through an exported launcher (docs/EXPORTS.md, .desktop rewriting; docs/RUN.md,
// file forwarding): the app's .desktop with `Exec=… %f` (or `%u`) is rewritten by the exporter
// into `sandbox run … --file-forwarding ID … @@ %f @@`, and `gio launch` of that file with a host
// file, on the test's session bus with the portal activatable, hands the app inside its sandbox a
// /run/user/UID/doc/DOCID/NAME path it can read, while the host path itself stays out of sight.
#include <gmock/gmock.h>

#include <filesystem>
#include <sstream>

#include "portal/support/portal_test.hpp"
#include "sandbox/exports/exporter.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

class OpenThroughLauncher : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        host_file_ = home() / "Documents/report.txt";
        write_file(host_file_, "the report", kReadableMode);
    }

    // The app's launcher with `exec`, exported as `sandbox install` exports it (for the suite's
    // installation); the path of the exported .desktop file.
    fs::path export_launcher(const std::string& exec) {
        const fs::path deployment = scratch() / "deployment";
        write_file(deployment / "export/share/applications" / (std::string(kAppId) + ".desktop"),
                   "[Desktop Entry]\nType=Application\nName=Viewer\nMimeType=text/plain;\nExec=" +
                       exec + "\n",
                   kReadableMode);
        const exports::ExportRequest request{
            .deployment_dir = deployment,
            .exports_dir = scratch() / "exports",
            .launch = {sandbox_command({}).front(),
                       {"--installation=" + installation_dir().string(), "--branch=stable",
                        "--arch=" + store_arch()},
                       kAppId},
            .owner = "app/" + std::string(kAppId) + "/" + store_arch() + "/stable",
        };
        auto exported = exports::export_app(request);
        EXPECT_TRUE(exported) << exported.error().message();
        return request.exports_dir / "share/applications" / (std::string(kAppId) + ".desktop");
    }

    // gio launch DESKTOP ARGUMENTS… in the session; returns once the app has ended (it holds the
    // same stdout).
    CommandResult gio_launch(const fs::path& desktop, const std::vector<std::string>& arguments) {
        CommandOptions options;
        options.environment = session_environment();
        options.timeout = 60s;
        std::vector<std::string> argv{"/usr/bin/gio", "launch", desktop.string()};
        argv.insert(argv.end(), arguments.begin(), arguments.end());
        return run_command(argv, options);
    }

    // What the app's script prints: the argument it got, the file's content, and whether the host
    // path of the file exists in its sandbox.
    [[nodiscard]] std::string report_script(const std::string& path_of_argument) const {
        return "bash -c '" + path_of_argument +
               "; echo \"arg=$1\"; cat -- \"$p\"; echo; if test -e " + host_file_.string() +
               "; then echo host-visible; else echo host-hidden; fi' sh";
    }

    fs::path host_file_;
};

TEST_F(OpenThroughLauncher, PercentFHandsTheAppADocumentPath) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path desktop = export_launcher(report_script("p=$1") + " %f");
    ASSERT_FALSE(HasFailure());
    EXPECT_THAT(read_file(desktop),
                HasSubstr(" --command=bash --file-forwarding " + std::string(kAppId) + " -c "));
    EXPECT_THAT(read_file(desktop), HasSubstr(" sh @@ %f @@\n"));

    CommandResult launched = gio_launch(desktop, {host_file_.string()});
    ASSERT_EQ(launched.status, 0) << launched.err << frontend_logs();
    EXPECT_THAT(lines_of(launched.out),
                ElementsAre(MatchesRegex("arg=" + runtime_dir_inside() +
                                         "/doc/[a-zA-Z0-9_-]+/report\\.txt"),
                            "the report", "host-hidden"))
        << launched.err << frontend_logs();
    EXPECT_EQ(read_file(host_file_), "the report");
}

TEST_F(OpenThroughLauncher, PercentUHandsTheAppADocumentUri) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path desktop = export_launcher(report_script("p=${1#file://}") + " %u");
    ASSERT_FALSE(HasFailure());
    EXPECT_THAT(read_file(desktop), HasSubstr(" sh @@u %u @@\n"));

    CommandResult launched = gio_launch(desktop, {"file://" + host_file_.string()});
    ASSERT_EQ(launched.status, 0) << launched.err << frontend_logs();
    EXPECT_THAT(lines_of(launched.out),
                ElementsAre(MatchesRegex("arg=file://" + runtime_dir_inside() +
                                         "/doc/[a-zA-Z0-9_-]+/report\\.txt"),
                            "the report", "host-hidden"))
        << launched.err << frontend_logs();
}

TEST_F(OpenThroughLauncher, WithoutTheLauncherTheHostPathIsNotVisible) {
    // The control for "host-hidden": the same script given the host path itself, as an
    // argument the launcher does not forward, cannot read it.
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path desktop = export_launcher(report_script("p=$1") + " " + host_file_.string());
    ASSERT_FALSE(HasFailure());
    CommandResult launched = gio_launch(desktop, {});
    ASSERT_EQ(launched.status, 0) << launched.err;
    const std::vector<std::string> lines = lines_of(launched.out);
    ASSERT_EQ(lines.size(), 3u) << launched.out << launched.err;
    EXPECT_EQ(lines[0], "arg=" + host_file_.string());
    EXPECT_EQ(lines[1], "") << "nothing read";
    EXPECT_EQ(lines[2], "host-hidden");
}

}  // namespace
}  // namespace sandbox::test

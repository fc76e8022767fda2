// Request objects as the standard has them: the Response goes to the caller alone (another
// connection watching the portal never sees it), and OpenURI never takes a file: URI (local files
// go through OpenFile, which needs an fd the app could open); a Close that overtakes the call at
// the backend still closes the dialog.
#include <gmock/gmock.h>
#include <signal.h>

#include "portal/support/portal_test.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Requests : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        start_portal(Frontend::Ours);
    }

    // gdbus ARGS… inside the app's sandbox, on its proxied session bus.
    CommandResult sandboxed_gdbus(const std::vector<std::string>& args) {
        std::vector<std::string> argv{"run", "--installation=" + installation_dir().string(),
                                      "--command=gdbus", kAppId};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = session_environment();
        return run_command(sandbox_command(argv), options);
    }
};

TEST_F(Requests, TheResponseGoesToTheCallerAlone) {
    ASSERT_FALSE(HasFailure());
    // Another program of the session watching everything the portal sends that it may receive.
    CommandOptions options;
    options.environment = session_environment();
    ChildProcess monitor(
        {"gdbus", "monitor", "--session", "--dest", "org.freedesktop.portal.Desktop"}, options);
    ASSERT_TRUE(monitor.wait_for_output("Monitoring", std::chrono::seconds(10)));

    CommandResult opened = sandboxed_client({"open-uri", "https://example.org/unicast"});
    ASSERT_EQ(opened.status, 0) << opened.err << frontend_logs();
    // The portal remembers the handler in its permission store, which broadcasts Changed: the
    // watcher does see the portal's broadcasts.
    EXPECT_TRUE(monitor.wait_for_output("PermissionStore.Changed", std::chrono::seconds(10)))
        << monitor.output_so_far();
    monitor.signal(SIGTERM);
    CommandResult watched = monitor.finish(std::chrono::seconds(10));
    EXPECT_THAT(watched.out, Not(HasSubstr("Request.Response")));
}

TEST_F(Requests, ACloseRightAfterTheCallStillClosesTheDialog) {
    ASSERT_FALSE(HasFailure());
    // The backend makes its Request object only when it handles the call: a Close that overtakes
    // it must not be lost, or the dialog would stay open with nobody waiting for it.
    write_backend_script("[FileChooser]\ndelay=60000\n");
    for (int round = 0; round < 5; ++round) {
        CommandResult cancelled = host_client({"open-file", "--cancel-after=1"});
        EXPECT_EQ(cancelled.status, 2) << cancelled.out << cancelled.err;
    }
    const std::vector<BackendCall> opened = wait_for_backend_calls(
        "org.freedesktop.impl.portal.FileChooser.OpenFile", 5, std::chrono::seconds(2));
    ASSERT_FALSE(opened.empty()) << "libportal cancelled every call before making it";
    const std::vector<BackendCall> closed =
        wait_for_backend_calls("org.freedesktop.impl.portal.Request.Close", opened.size());
    ASSERT_EQ(closed.size(), opened.size()) << frontend_logs();
    for (std::size_t i = 0; i < opened.size(); ++i)
        EXPECT_EQ(closed[i].field("handle"), opened[i].field("handle"));
}

TEST_F(Requests, OpenUriRefusesFileUris) {
    ASSERT_FALSE(HasFailure());
    CommandResult call =
        sandboxed_gdbus({"call", "--session", "--dest", "org.freedesktop.portal.Desktop",
                         "--object-path", "/org/freedesktop/portal/desktop", "--method",
                         "org.freedesktop.portal.OpenURI.OpenURI", "", "file:///etc/passwd", "{}"});
    EXPECT_NE(call.status, 0);
    EXPECT_THAT(call.err, HasSubstr("org.freedesktop.portal.Error.InvalidArgument"));
    EXPECT_TRUE(recorded_uris(1, std::chrono::milliseconds(300)).empty());
}

}  // namespace
}  // namespace sandbox::test

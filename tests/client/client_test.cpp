// The real client, end to end: an app and a runtime published with flatpak build-finish and
// build-export (or build-bundle), installed, run, updated, run again and removed with `sandbox`.

#include <gmock/gmock.h>

#include "http_server.hpp"
#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;

class ClientTest : public StoreTest {
  protected:
    void expect_run_prints(const std::string& line) {
        CommandResult ran = run_app(kAppId);
        EXPECT_EQ(ran.status, 0) << ran.err;
        EXPECT_EQ(ran.out, line + "\n") << ran.err;
    }

    // remote-add, install, run, update to a new export, run, uninstall, run.
    void install_update_uninstall(const std::string& url) {
        CommandResult added = sandbox({"remote-add", "--no-gpg-verify", "origin", url});
        ASSERT_EQ(added.status, 0) << added.err;
        CommandResult installed = sandbox({"install", "-y", kAppId});
        ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
        expect_run_prints("hello from v1");

        repo().export_app(kAppId, "hello from v2");
        CommandResult updated = sandbox({"update", "-y"});
        ASSERT_EQ(updated.status, 0) << updated.out << updated.err;
        expect_run_prints("hello from v2");

        CommandResult removed = sandbox({"uninstall", "-y", kAppId});
        ASSERT_EQ(removed.status, 0) << removed.out << removed.err;
        CommandResult gone = run_app(kAppId);
        EXPECT_TRUE(is_one_error_line(gone, "org.sandbox.Hello")) << gone.out;
        EXPECT_THAT(gone.err, HasSubstr("not installed"));
        EXPECT_EQ(gone.out, "");
    }
};

TEST_F(ClientTest, FlatpakBuiltAppFromAFileRemoteRunsUpdatesAndGoes) {
    install_update_uninstall(repo().url());
}

TEST_F(ClientTest, FlatpakBuiltAppFromAnHttpRemoteRunsUpdatesAndGoes) {
    HttpServer server(repo().path());
    install_update_uninstall(server.url());
}

TEST_F(ClientTest, FlatpakBuiltBundlesInstallOfflineAndRun) {
    auto runtime_bundle = scratch() / "platform.flatpak";
    auto app_bundle = scratch() / "hello.flatpak";
    repo().flatpak_bundle(kRuntimeId, runtime_bundle, true);
    repo().flatpak_bundle(kAppId, app_bundle);

    CommandResult runtime = sandbox({"install", "-y", "--bundle", runtime_bundle.string()});
    ASSERT_EQ(runtime.status, 0) << runtime.out << runtime.err;
    CommandResult app = sandbox({"install", "-y", "--bundle", app_bundle.string()});
    ASSERT_EQ(app.status, 0) << app.out << app.err;
    expect_run_prints("hello from v1");
    EXPECT_EQ(sandbox({"remotes"}).out, "");
}

}  // namespace
}  // namespace sandbox::test::store

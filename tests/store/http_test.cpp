// The same repository served over http:// by a real web server on loopback.

#include <gmock/gmock.h>

#include "http_server.hpp"
#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;

TEST_F(StoreTest, HttpRemoteInstallsUpdatesAndUninstalls) {
    HttpServer server(repo().path());
    add_remote("web", server.url());
    CommandResult listing = sandbox({"remote-ls", "web"});
    ASSERT_EQ(listing.status, 0) << listing.err;
    EXPECT_THAT(listing.out, HasSubstr(repo().app_ref()));

    CommandResult installed = sandbox({"install", "-y", "web", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    // Not a terminal: progress comes as plain lines, with the bytes fetched.
    EXPECT_THAT(installed.out, HasSubstr("progress: 100%"));
    EXPECT_EQ(deployed_file(repo().app_ref(), "files/bin/hello"),
              "#!/bin/sh\necho \"hello from v1\"\n");

    repo().export_app(kAppId, "hello from v2");
    CommandResult updated = sandbox({"update", "-y", kAppId});
    ASSERT_EQ(updated.status, 0) << updated.out << updated.err;
    EXPECT_EQ(deployed_file(repo().app_ref(), "files/bin/hello"),
              "#!/bin/sh\necho \"hello from v2\"\n");

    ASSERT_EQ(sandbox({"uninstall", kAppId}).status, 0);
    ASSERT_EQ(sandbox({"uninstall", kRuntimeId}).status, 0);
    EXPECT_EQ(sandbox({"list"}).out, "");
}

TEST_F(StoreTest, RemoteDownIsOneLineAndChangesNothing) {
    auto server = std::make_unique<HttpServer>(repo().path());
    add_remote("web", server->url());
    install(kAppId);
    repo().export_app(kAppId, "hello from v2");
    auto before = snapshot();
    server->stop();

    CommandResult updated = sandbox({"update", "-y"});
    EXPECT_TRUE(is_one_error_line(updated, "from remote web (http://127.0.0.1:"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    CommandResult installed = sandbox({"install", "-y", "web", "org.sandbox.Other"});
    EXPECT_TRUE(is_one_error_line(installed, "Can't list remote web"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    EXPECT_EQ(deployed_file(repo().app_ref(), "files/bin/hello"),
              "#!/bin/sh\necho \"hello from v1\"\n");
}

}  // namespace
}  // namespace sandbox::test::store

// A remote that accepts connections and then sends nothing: the command gives up after the
// network timeout with one line, and the installation is as it was.

#include <gmock/gmock.h>

#include "http_server.hpp"
#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// Far above the 2 seconds the commands are given, far below "forever".
constexpr auto kBound = std::chrono::seconds(30);

class SlowRemoteTest : public StoreTest {
  protected:
    // `sandbox ARGS…` with a 2-second network timeout; how long it took.
    CommandResult timed(const std::vector<std::string>& args, Clock::duration& took) {
        CommandOptions options;
        options.environment = environment({"SANDBOX_NETWORK_TIMEOUT=2"});
        auto start = Clock::now();
        CommandResult result = sandbox(args, options);
        took = Clock::now() - start;
        return result;
    }
};

TEST_F(SlowRemoteTest, ARemoteThatNeverAnswersIsGivenUpOn) {
    HttpServer server(repo().path(), HttpServer::Stall::Always);
    add_remote("slow", server.url());
    auto before = snapshot();
    Clock::duration took{};
    CommandResult installed = timed({"install", "-y", "slow", kAppId}, took);
    EXPECT_FALSE(installed.timed_out);
    EXPECT_LT(took, kBound);
    EXPECT_TRUE(is_one_error_line(installed, "Can't list remote slow (" + server.url() +
                                                 "): the remote sent no data for 2 seconds"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

TEST_F(SlowRemoteTest, APullThatStopsIsGivenUpOnAndUndone) {
    add_remote("origin", repo().url());
    install(kAppId);
    repo().export_app(kSecondAppId, "hello from the second app");
    HttpServer server(repo().path(), HttpServer::Stall::OnObjectFiles);
    add_remote("slow", server.url());
    auto before = snapshot();

    Clock::duration took{};
    CommandResult installed = timed({"install", "-y", "slow", kSecondAppId}, took);
    EXPECT_FALSE(installed.timed_out);
    EXPECT_LT(took, kBound);
    EXPECT_TRUE(is_one_error_line(installed, "Can't pull " + repo().app_ref(kSecondAppId) +
                                                 " from remote slow (" + server.url() +
                                                 "): the remote sent no data for 2 seconds"));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    CommandResult ran = run_app(kAppId);
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.out, "hello from v1\n");
}

TEST_F(SlowRemoteTest, TheDefaultTimeoutAppliesWithoutTheVariable) {
    HttpServer server(repo().path(), HttpServer::Stall::Always);
    add_remote("slow", server.url());
    CommandResult installed = sandbox({"install", "-y", "slow", kAppId});
    EXPECT_FALSE(installed.timed_out);
    EXPECT_TRUE(is_one_error_line(installed, "the remote sent no data for 30 seconds"));
    EXPECT_THAT(installed.err, HasSubstr("SANDBOX_NETWORK_TIMEOUT"));
}

}  // namespace
}  // namespace sandbox::test::store

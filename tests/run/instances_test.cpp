// Running instances: `ps` lists them, `enter` runs a command inside one, `kill` ends it, and the
// instance directory goes with the sandbox.

#include <gmock/gmock.h>
#include <signal.h>
#include <unistd.h>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;

class RunInstances : public RunTest {
  protected:
    std::unique_ptr<ChildProcess> start_paused_app(const std::vector<std::string>& options = {}) {
        CommandOptions command_options;
        command_options.environment = environment();
        auto app =
            std::make_unique<ChildProcess>(probe_command(options, {"pause"}), command_options);
        EXPECT_TRUE(app->wait_for_output("ready=", 30s)) << app->output_so_far();
        return app;
    }

    // The data rows of `sandbox ps`, split at tabs.
    std::vector<std::vector<std::string>> ps_rows() {
        CommandResult result = sandbox({"ps"});
        EXPECT_EQ(result.status, 0) << result.err;
        std::vector<std::vector<std::string>> rows;
        std::istringstream lines(result.out);
        std::string line;
        std::getline(lines, line);
        EXPECT_EQ(line, "INSTANCE\tPID\tCHILD-PID\tAPPLICATION\tRUNTIME\tSINCE");
        while (std::getline(lines, line)) {
            std::vector<std::string> columns;
            std::istringstream fields(line);
            for (std::string field; std::getline(fields, field, '\t');) columns.push_back(field);
            rows.push_back(columns);
        }
        return rows;
    }
};

TEST_F(RunInstances, PsListsTheRunningInstance) {
    auto app = start_paused_app();
    auto rows = ps_rows();
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_EQ(rows[0].size(), 6u);
    EXPECT_EQ(rows[0][1], std::to_string(app->pid()));
    EXPECT_NE(rows[0][2], "-");
    EXPECT_EQ(rows[0][3], kAppId);
    EXPECT_EQ(rows[0][4], "runtime/" + runtime_field());
    const std::filesystem::path dir = runtime_dir() / ".sandbox" / rows[0][0];
    EXPECT_TRUE(std::filesystem::exists(dir / "info"));
    EXPECT_THAT(read_file(dir / "info"), HasSubstr("instance-id=" + rows[0][0] + "\n"));
    EXPECT_THAT(read_file(dir / "bwrapinfo.json"), HasSubstr("\"child-pid\": " + rows[0][2]));
    EXPECT_EQ(read_file(dir / "pid"), std::to_string(app->pid()) + "\n");

    app->signal(SIGTERM);
    EXPECT_EQ(app->finish(30s).status, 128 + SIGTERM);
    EXPECT_TRUE(ps_rows().empty());
    EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST_F(RunInstances, KillEndsTheSandbox) {
    auto app = start_paused_app();
    CommandResult killed = sandbox({"kill", kAppId});
    EXPECT_EQ(killed.status, 0) << killed.err;
    CommandResult result = app->finish(30s);
    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(result.status, 128 + SIGKILL);
    EXPECT_TRUE(ps_rows().empty());
    EXPECT_NE(sandbox({"kill", kAppId}).status, 0);
}

TEST_F(RunInstances, KillByInstanceId) {
    auto app = start_paused_app();
    auto rows = ps_rows();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(sandbox({"kill", rows[0][0]}).status, 0);
    EXPECT_EQ(app->finish(30s).status, 128 + SIGKILL);
}

TEST_F(RunInstances, EnterRunsInsideTheSameSandbox) {
    auto app = start_paused_app();
    auto rows = ps_rows();
    ASSERT_EQ(rows.size(), 1u);
    CommandResult listing = sandbox({"enter", rows[0][0], "probe", "stat", "/app/bin"});
    ASSERT_EQ(listing.status, 0) << listing.err;
    auto entries = values_of(parse_key_values(listing.out), "entry");
    EXPECT_THAT(entries, ::testing::UnorderedElementsAre("hello", "probe"));

    CommandResult report = sandbox({"enter", kAppId, "probe", "report"});
    ASSERT_EQ(report.status, 0) << report.err;
    auto values = parse_key_values(report.out);
    EXPECT_EQ(value_of(values, "uid"), std::to_string(::getuid()));
    EXPECT_EQ(value_of(values, "CapEff"), "0000000000000000");
    EXPECT_EQ(value_of(values, "CapBnd"), "0000000000000000");
    EXPECT_EQ(value_of(values, "NoNewPrivs"), "1");
    EXPECT_EQ(value_of(values, "Seccomp"), "2");
    EXPECT_THAT(values_of(values, "env"), ::testing::Contains("FLATPAK_ID=org.test.Hello"));
    EXPECT_THAT(values_of(values, "env"), ::testing::Contains("container=sandbox"));
    // The sandbox's pid namespace: its pid 1 and the app are there, the host's processes not.
    auto processes = values_of(values, "proc");
    EXPECT_THAT(processes, ::testing::Contains("1"));
    EXPECT_LE(processes.size(), 4u);
    for (const std::string& fd : values_of(values, "fd"))
        EXPECT_TRUE(fd.rfind("0:", 0) == 0 || fd.rfind("1:", 0) == 0 || fd.rfind("2:", 0) == 0)
            << fd;
    // A write through the entered command lands in the same /tmp as the app's.
    ASSERT_EQ(sandbox({"enter", kAppId, "probe", "write", "/tmp/from-enter"}).status, 0);
    CommandResult seen = sandbox({"enter", kAppId, "probe", "stat", "/tmp/from-enter"});
    EXPECT_EQ(value_of(parse_key_values(seen.out), "exists"), "1");

    EXPECT_EQ(sandbox({"enter", kAppId, "probe", "exit", "9"}).status, 9);
    app->signal(SIGTERM);
    EXPECT_EQ(app->finish(30s).status, 128 + SIGTERM);
}

TEST_F(RunInstances, EnterSharesWhatTheSandboxShares) {
    auto app = start_paused_app({"--share=network"});
    CommandResult result = sandbox({"enter", kAppId, "probe", "stat", "/proc/self/ns/net"});
    ASSERT_EQ(result.status, 0) << result.err;
    char host[256] = {};
    ASSERT_GT(::readlink("/proc/self/ns/net", host, sizeof host - 1), 0);
    EXPECT_EQ(value_of(parse_key_values(result.out), "target"), std::string(host));
    app->signal(SIGTERM);
    EXPECT_EQ(app->finish(30s).status, 128 + SIGTERM);
}

TEST_F(RunInstances, EnterAndKillNameWhatIsNotRunning) {
    CommandResult result = sandbox({"enter", "12345", "probe", "report"});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("No running instance or app 12345"));
}

TEST_F(RunInstances, LeftoverOfAKilledSupervisorIsCleanedUp) {
    auto app = start_paused_app();
    ASSERT_EQ(ps_rows().size(), 1u);
    app->signal(SIGKILL);  // the supervisor; the sandbox dies with it
    EXPECT_EQ(app->finish(30s).status, 128 + SIGKILL);
    EXPECT_TRUE(ps_rows().empty());
    EXPECT_EQ(tree_of(runtime_dir() / ".sandbox"), std::vector<std::string>{});
}

TEST_F(RunInstances, FallbackRuntimeDirIsPrivate) {
    const std::string fallback = "/tmp/sandbox-runtime-" + std::to_string(::getuid());
    CommandOptions options;
    options.environment = std::vector<std::string>{"HOME=" + home().string(), "PATH=/usr/bin:/bin"};
    CommandResult result = run_command(sandbox_command({"ps"}), options);
    EXPECT_EQ(result.status, 0) << result.err;
    struct stat st {};
    ASSERT_EQ(::lstat(fallback.c_str(), &st), 0);
    EXPECT_TRUE(S_ISDIR(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    EXPECT_EQ(st.st_uid, ::getuid());
}

}  // namespace
}  // namespace sandbox::test

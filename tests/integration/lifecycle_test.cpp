// The sandbox as a process: exit status and signals pass through, it dies with its parent, and it
// leaves nothing behind. The fixture checks after every test that no process is left.

#include <gmock/gmock.h>

#include <csignal>
#include <string>
#include <vector>

#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

class Lifecycle : public SandboxTest {};

TEST_F(Lifecycle, ExitStatusPassesThrough) {
    EXPECT_EQ(run_probe({}, {"exit", "7"}).status, 7);
    EXPECT_EQ(run_probe({}, {"exit", "0"}).status, 0);
    EXPECT_EQ(run_probe({}, {"exit", "255"}).status, 255);
}

TEST_F(Lifecycle, ExitStatusPassesThroughAsPid1) {
    EXPECT_EQ(run_probe({"--as-pid-1"}, {"exit", "7"}).status, 7);
}

TEST_F(Lifecycle, DeathBySignalGives128PlusTheSignal) {
    EXPECT_EQ(run_probe({}, {"kill-self", std::to_string(SIGUSR1)}).status, 128 + SIGUSR1);
    EXPECT_EQ(run_probe({}, {"kill-self", std::to_string(SIGKILL)}).status, 128 + SIGKILL);
}

TEST_F(Lifecycle, SigtermToTheLauncherEndsTheSandboxWith143) {
    ChildProcess launcher(sandbox_command({}, {"pause"}), {});
    ASSERT_TRUE(launcher.wait_for_output("ready=", 30s)) << launcher.output_so_far();

    launcher.signal(SIGTERM);

    CommandResult result = launcher.finish(30s);
    EXPECT_FALSE(result.timed_out) << "the sandbox outlived SIGTERM to its launcher";
    EXPECT_EQ(result.status, 128 + SIGTERM);
}

TEST_F(Lifecycle, SigtermToTheLauncherIsForwardedToTheApp) {
    if (is_bwrap())
        GTEST_SKIP()
            << "bwrap does not forward signals; it dies and --die-with-parent kills the app";
    ChildProcess launcher(sandbox_command({}, {"trap-term"}), {});
    ASSERT_TRUE(launcher.wait_for_output("ready=", 30s)) << launcher.output_so_far();

    launcher.signal(SIGTERM);

    CommandResult result = launcher.finish(30s);
    EXPECT_EQ(result.status, 128 + SIGTERM);
    EXPECT_NE(result.out.find("signal=SIGTERM"), std::string::npos) << result.out;
}

// The launcher is started by a shell that is then killed: with --die-with-parent (part of the
// minimal options) every process of the sandbox must go, so the pipe they share as stdout ends.
TEST_F(Lifecycle, DieWithParentKillsTheSandboxWhenItsParentDies) {
    std::vector<std::string> command{"/bin/sh", "-c", "\"$@\" & wait", "sh"};
    for (auto& arg : sandbox_command({}, {"pause"})) command.push_back(arg);
    ChildProcess parent(command, {});
    ASSERT_TRUE(parent.wait_for_output("ready=", 30s)) << parent.output_so_far();

    parent.signal(SIGKILL);

    EXPECT_TRUE(parent.wait_for_stdout_eof(10s)) << "sandbox processes outlived their parent";
    EXPECT_EQ(parent.finish(10s).status, 128 + SIGKILL);
}

TEST_F(Lifecycle, OrphanOfTheAppDiesWithTheSandbox) {
    CommandOptions options;
    options.timeout = 30s;
    CommandResult result = run_probe({}, {"fork-orphan"}, options);

    EXPECT_FALSE(result.timed_out) << "the app's orphan outlived the sandbox";
    EXPECT_EQ(result.status, 0);
}

// The session leader is the sandbox's pid 1 (bwrap calls setsid() there) or the app itself;
// either way the session, and so the controlling terminal, is no longer the caller's.
TEST_F(Lifecycle, NewSessionStartsASessionInsideTheSandbox) {
    auto report = probe_report({"--new-session"}, {"report"});
    EXPECT_THAT(values_of(report, "proc"),
                ::testing::Contains(value_of(report, "sid").value_or("?")));
}

TEST_F(Lifecycle, NewSessionAsPid1MakesTheAppTheSessionLeader) {
    auto report = probe_report({"--new-session", "--as-pid-1"}, {"report"});
    EXPECT_EQ(value_of(report, "sid"), "1");
}

// getsid() gives 0 for a leader outside our pid namespace.
TEST_F(Lifecycle, WithoutNewSessionTheSessionIsTheCallers) {
    auto report = probe_report({}, {"report"});
    EXPECT_THAT(values_of(report, "proc"),
                ::testing::Not(::testing::Contains(value_of(report, "sid").value_or("?"))));
}

}  // namespace
}  // namespace sandbox::test

// Issue 8: the launcher under hostile load. 1000 bad sandbox-launch invocations and 1000 bad
// `sandbox run` invocations, 50 at a time: each fails with one line on stderr and a non-zero
// status, nothing runs, and no process or mount is left (SandboxTest's checks after each test);
// then a good launch works.

#include <gmock/gmock.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "run/run_fixture.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

constexpr int kInvocations = 1000;
constexpr int kAtOnce = 50;
// Below the kernel's limit for one argument (MAX_ARG_STRLEN, 128 KiB).
constexpr std::size_t kHugeArgument = 100000;
constexpr int kDataFdInChild = 5;

struct Invocation {
    std::string kind;
    std::vector<std::string> argv;
    // When set, handed to the command as fd 5 (a memfd of its own: offsets are per open file).
    std::optional<std::string> fd5_content;
};

struct Started {
    Invocation invocation;
    std::unique_ptr<ChildProcess> process;
};

std::unique_ptr<ChildProcess> start(const Invocation& invocation,
                                    const std::vector<std::string>& environment) {
    CommandOptions options;
    if (!environment.empty()) options.environment = environment;
    UniqueFd data;
    if (invocation.fd5_content) {
        data = data_fd(*invocation.fd5_content);
        options.extra_fds = {{data.get(), kDataFdInChild}};
    }
    return std::make_unique<ChildProcess>(invocation.argv, options);
}

// One line, from the program itself ("sandbox-launch: …", "sandbox: …"), and nothing ran.
void expect_one_line_failure(const Invocation& invocation, const CommandResult& result,
                             const std::string& prefix) {
    EXPECT_FALSE(result.timed_out) << invocation.kind;
    EXPECT_EQ(result.status, 1) << invocation.kind;
    EXPECT_EQ(result.out, "") << invocation.kind << ": something ran";
    EXPECT_TRUE(result.err.starts_with(prefix))
        << invocation.kind << ": " << result.err.substr(0, 500);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
        << invocation.kind << ": " << result.err.substr(0, 500);
}

// Runs kInvocations commands, kAtOnce at a time, each from `invocation_for(index)`; stops at the
// first batch with a failure (one report, not a thousand). Returns how many ran.
int run_storm(const std::function<Invocation(int)>& invocation_for, const std::string& prefix,
              const std::vector<std::string>& environment = {}) {
    int finished = 0;
    for (int first = 0; first < kInvocations; first += kAtOnce) {
        std::vector<Started> batch;
        for (int index = first; index < std::min(first + kAtOnce, kInvocations); ++index) {
            Invocation invocation = invocation_for(index);
            auto process = start(invocation, environment);
            batch.push_back({std::move(invocation), std::move(process)});
        }
        for (Started& started : batch) {
            expect_one_line_failure(started.invocation, started.process->finish(60s), prefix);
            ++finished;
        }
        if (::testing::Test::HasFailure()) break;
    }
    return finished;
}

// --- sandbox-launch ---

class LauncherUnderLoad : public SandboxTest {
  protected:
    // launcher + the minimal sandbox + options + "--" + program (the probe unless given).
    static std::vector<std::string> launch(const std::vector<std::string>& options,
                                           const std::string& program = kProbeInSandbox) {
        std::vector<std::string> argv{launcher_path().string()};
        for (const auto& part : {minimal_sandbox_args(), options}) {
            argv.insert(argv.end(), part.begin(), part.end());
        }
        argv.insert(argv.end(), {"--", program, "report"});
        return argv;
    }

    std::vector<Invocation> bad_launches() const {
        const std::string absent = (scratch() / "absent").string();
        return {
            {"unknown option", launch({"--no-such-option"}), {}},
            {"missing source", launch({"--ro-bind", absent, "/x"}), {}},
            {"fd not open", launch({"--file", "77", "/x"}), {}},
            {"bad info fd", launch({"--info-fd", "77"}), {}},
            {"garbage --args", launch({"--args", "5"}),
             std::string("--bogus\0\xff\xfe\0--bind\0", 17)},
            {"garbage seccomp program", launch({"--seccomp", "5"}), "not a BPF program"},
            {"huge source path", launch({"--bind", std::string(kHugeArgument, 'a'), "/x"}), {}},
            {"huge chdir", launch({"--chdir", "/" + std::string(kHugeArgument, 'b')}), {}},
            {"bad uid", launch({"--unshare-user", "--uid", "12x"}), {}},
            {"missing program", launch({}, "/no/such/program"), {}},
        };
    }
};

TEST_F(LauncherUnderLoad, AThousandBadLaunchesFailCleanlyThenAGoodOneRuns) {
    if (is_bwrap()) GTEST_SKIP() << "bwrap's messages and checks differ";
    const std::vector<Invocation> kinds = bad_launches();
    EXPECT_EQ(run_storm([&](int index) { return kinds[index % kinds.size()]; }, "sandbox-launch: "),
              kInvocations);

    const KeyValues report = probe_report({"--seccomp-default"}, {"report"});
    EXPECT_EQ(value_of(report, "pid"), "2");
    EXPECT_EQ(value_of(report, "Seccomp"), "2");
}

// --- sandbox run ---

class RunUnderLoad : public RunTest {
  protected:
    std::vector<std::string> run(const std::vector<std::string>& args) const {
        std::vector<std::string> all{"run", "--installation=" + installation_dir().string()};
        all.insert(all.end(), args.begin(), args.end());
        return sandbox_command(all);
    }

    std::vector<Invocation> bad_runs() const {
        return {
            {"unknown app", run({"org.test.NoSuchApp"}), {}},
            {"dot-dot id", run({"../../etc/passwd"}), {}},
            {"dot-dot filesystem", run({"--filesystem=../etc", kAppId}), {}},
            {"root filesystem", run({"--filesystem=/", kAppId}), {}},
            {"escape in filesystem", run({"--filesystem=/tmp/a\x1b[2K", kAppId}), {}},
            {"reset of home", run({"--nofilesystem=home:reset", kAppId}), {}},
            {"unknown socket", run({"--socket=no-such-socket", kAppId}), {}},
            {"unknown option", run({"--no-such-option", kAppId}), {}},
            {"huge id", run({std::string(kHugeArgument, 'c')}), {}},
        };
    }
};

TEST_F(RunUnderLoad, AThousandBadRunsFailCleanlyThenAGoodOneRuns) {
    const std::vector<Invocation> kinds = bad_runs();
    EXPECT_EQ(run_storm([&](int index) { return kinds[index % kinds.size()]; },
                        "sandbox: ", environment()),
              kInvocations);

    CommandResult good = sandbox({"run", "--installation=" + installation_dir().string(), kAppId});
    EXPECT_EQ(good.status, 0) << good.err;
    EXPECT_EQ(good.out, std::string(kGreeting) + " \n");
    CommandResult listed = sandbox({"ps"});
    EXPECT_EQ(listed.status, 0) << listed.err;
    EXPECT_THAT(listed.out, ::testing::Not(::testing::HasSubstr(kAppId)));
}

}  // namespace
}  // namespace sandbox::test

#include "support/sandbox_test.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <sstream>
#include <system_error>
#include <thread>

namespace sandbox::test {
namespace {

// Sandbox processes killed at the end of a test may take a moment to go; this is a deadline for
// that, not a performance bound.
constexpr auto kLeftoverDeadline = std::chrono::seconds(10);

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// The mount point (field 5) of a "+ …"/"- …" line of mount_changes.
std::string mount_point_of(const std::string& change) {
    std::istringstream fields(change.substr(2));
    std::string field;
    for (int index = 1; index <= 5 && fields >> field; ++index)
        if (index == 5) return field;
    return {};
}

// Other test programs running at the same time (ctest -j, several checkouts) mount and unmount
// in their own temporary roots (test_user.cpp: TMPDIR is BASE/sandbox-test-XXXXXX for each
// program): those changes are not this test's.
bool belongs_to_another_test_program(const std::string& mount_point) {
    const char* ours = std::getenv("TMPDIR");
    if (ours == nullptr) return false;
    const std::filesystem::path own_root(ours);
    const std::string siblings = (own_root.parent_path() / "sandbox-test-").string();
    return mount_point.starts_with(siblings) &&
           !(mount_point + "/").starts_with(own_root.string() + "/");
}

std::string changes_of_this_test(const std::string& changes) {
    std::istringstream lines(changes);
    std::string kept;
    for (std::string line; std::getline(lines, line);)
        if (!belongs_to_another_test_program(mount_point_of(line))) kept += line + "\n";
    return kept;
}

std::filesystem::path make_scratch_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/test-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw_errno("mkdtemp " + pattern);
    return pattern;
}

std::vector<ProcessInfo> reap_dead_and_list_live() {
    std::vector<ProcessInfo> live;
    for (const auto& process : child_processes()) {
        if (process.state == 'Z' || process.state == 'X') {
            waitpid(process.pid, nullptr, WNOHANG);
        } else {
            live.push_back(process);
        }
    }
    return live;
}

void kill_and_reap(const std::vector<ProcessInfo>& processes) {
    for (const auto& process : processes) kill(process.pid, SIGKILL);
    for (const auto& process : processes) waitpid(process.pid, nullptr, 0);
}

}  // namespace

void SandboxTest::SetUp() {
    host_before_ = HostState::capture();
    scratch_ = make_scratch_dir();
}

void SandboxTest::TearDown() {
    expect_no_process_left();
    std::string changes = changes_of_this_test(mount_changes(host_before_, HostState::capture()));
    EXPECT_EQ(changes, "") << "the host mount table changed during the test";
    remove_tree(scratch_);
}

void SandboxTest::expect_no_process_left() {
    auto deadline = std::chrono::steady_clock::now() + kLeftoverDeadline;
    std::vector<ProcessInfo> live = reap_dead_and_list_live();
    while (!live.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        live = reap_dead_and_list_live();
    }
    EXPECT_TRUE(live.empty()) << "processes left behind by the test:\n" << describe(live);
    kill_and_reap(live);
    reap_dead_and_list_live();
}

CommandResult SandboxTest::run_probe(const std::vector<std::string>& options,
                                     const std::vector<std::string>& probe_args,
                                     const CommandOptions& command_options) {
    return run_command(sandbox_command(options, probe_args), command_options);
}

KeyValues SandboxTest::probe_report(const std::vector<std::string>& options,
                                    const std::vector<std::string>& probe_args,
                                    const CommandOptions& command_options) {
    CommandResult result = run_probe(options, probe_args, command_options);
    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(result.status, 0) << "stderr: " << result.err;
    return parse_key_values(result.out);
}

}  // namespace sandbox::test

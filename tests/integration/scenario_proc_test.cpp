// Catalog S11 and S13, run for real from inside sandboxes of sandbox-launch and of `sandbox run`:
// no process's binary can be opened for writing through /proc/PID/exe (runc's CVE-2019-5736), the
// runtime cannot be overwritten, no host process can be signalled, and the kernel's knobs under
// /proc and /sys refuse writes.

#include <gmock/gmock.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "run/run_fixture.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

using ::testing::AnyOf;
using ::testing::Eq;

// Every way the kernel refuses a write open here: pid 1 is not dumpable (EACCES), a running
// binary is busy (ETXTBSY), the trees are read-only (EROFS).
const auto kRefusedOpen = AnyOf(Eq("EACCES"), Eq("ETXTBSY"), Eq("EROFS"), Eq("EPERM"));

std::vector<std::string> visible_pids(const KeyValues& report) {
    std::vector<std::string> pids;
    for (const auto& [key, value] : report)
        if (key.starts_with("exe.")) pids.push_back(key.substr(4));
    return pids;
}

// For each process in the report of `proc-exe`: no write open, direct or through an O_PATH fd.
void expect_no_exe_writable(const KeyValues& report) {
    const std::vector<std::string> pids = visible_pids(report);
    ASSERT_FALSE(pids.empty());
    for (const auto& pid : pids) {
        for (const char* kind : {"exe-wronly.", "exe-rdwr."})
            EXPECT_THAT(value_of(report, kind + pid).value_or("<none>"), kRefusedOpen)
                << kind << pid;
        if (auto reopened = value_of(report, "exe-reopen." + pid)) {
            EXPECT_THAT(*reopened, kRefusedOpen) << "reopened exe of " << pid;
        }
    }
    // The launcher's pid 1 is not even reachable by O_PATH: its exe link needs ptrace access.
    EXPECT_EQ(value_of(report, "exe-path.1"), "EACCES");
}

// A kernel knob the host has must be refused (EROFS: covered read-only; EACCES: root's); one the
// host's kernel lacks (no sysrq, no modules) may be missing.
void expect_write_refused(const std::string& path, const std::string& result) {
    if (std::filesystem::exists(path)) {
        EXPECT_THAT(result, AnyOf(Eq("EROFS"), Eq("EACCES"))) << path;
    } else {
        EXPECT_EQ(result, "ENOENT") << path;
    }
}

const auto kOtherProcessAttr = AnyOf(Eq("EACCES"), Eq("EPERM"), Eq("ENOENT"));

// --- sandbox-launch ---

class ProcScenario : public SandboxTest {};

TEST_F(ProcScenario, NoVisibleProcessesBinaryOpensForWriting) {
    const KeyValues report = probe_report({"--seccomp-default"}, {"proc-exe"});
    const std::vector<std::string> pids = visible_pids(report);
    EXPECT_EQ((std::set<std::string>{"self", "1", "2"}),
              (std::set<std::string>{pids.begin(), pids.end()}));
    expect_no_exe_writable(report);
}

// The precondition of the attack: a launcher and an app binary the sandbox's uid owns and could
// write on the host. Both are copies of the test user's; after the attempt both are unchanged.
TEST_F(ProcScenario, AUserOwnedLauncherAndAppStayUnchanged) {
    if (is_bwrap()) GTEST_SKIP() << "bwrap 0.8's pid 1 stays dumpable";
    const std::filesystem::path launcher = scratch() / "sandbox-launch";
    const std::filesystem::path probe = scratch() / "probe";
    std::filesystem::copy_file(launcher_path(), launcher);
    std::filesystem::copy_file(probe_path(), probe);
    ASSERT_EQ(::access(launcher.c_str(), W_OK), 0) << "the copy must be writable by its owner";
    const std::string launcher_before = read_file(launcher);
    const std::string probe_before = read_file(probe);

    std::vector<std::string> command{launcher.string(),
                                     "--ro-bind",
                                     probe.string(),
                                     "/probe",
                                     "--proc",
                                     "/proc",
                                     "--dev",
                                     "/dev",
                                     "--unshare-all",
                                     "--die-with-parent",
                                     "--",
                                     "/probe",
                                     "proc-exe"};
    CommandResult result = run_command(command);
    ASSERT_EQ(result.status, 0) << result.err;
    expect_no_exe_writable(parse_key_values(result.out));

    EXPECT_TRUE(read_file(launcher) == launcher_before) << "the launcher was changed";
    EXPECT_TRUE(read_file(probe) == probe_before) << "the app's binary was changed";
}

TEST_F(ProcScenario, AHostProcessCannotBeSignalled) {
    CommandOptions options;
    options.keep_stdin_open = true;
    ChildProcess host_process({"/bin/cat"}, options);
    const std::string host_pid = std::to_string(host_process.pid());

    for (const char* signal_number : {"0", "9", "15"}) {
        const KeyValues report = probe_report({}, {"kill-pid", host_pid, signal_number});
        EXPECT_EQ(value_of(report, "kill"), "ESRCH") << "signal " << signal_number;
    }
    // kill(-1) reaches every process the caller may signal, but pid 1 and itself: none here.
    EXPECT_EQ(value_of(probe_report({}, {"kill-all", "9"}), "kill-all"), "ESRCH");
    EXPECT_EQ(::kill(host_process.pid(), 0), 0) << "the host process was killed";
    host_process.close_stdin();
    EXPECT_EQ(host_process.finish(10s).status, 0);
}

TEST_F(ProcScenario, KernelKnobsUnderProcRefuseWrites) {
    for (const char* path : {"/proc/sysrq-trigger", "/proc/sys/kernel/core_pattern",
                             "/proc/sys/kernel/modprobe", "/proc/sys/vm/drop_caches"}) {
        expect_write_refused(path,
                             value_of(probe_report({}, {"write", path}), "write").value_or(""));
    }
    // Another process's LSM attributes.
    EXPECT_THAT(value_of(probe_report({}, {"write", "/proc/1/attr/current"}), "write").value_or(""),
                kOtherProcessAttr);
}

// --- sandbox run ---

class RunProcScenario : public RunTest {};

TEST_F(RunProcScenario, NoVisibleProcessesBinaryOpensForWriting) {
    const KeyValues report = probe_app({}, {"proc-exe"});
    EXPECT_EQ(value_of(report, "exe.self"), "/app/bin/probe");
    expect_no_exe_writable(report);
}

// CVE-2019-5736's goal: a binary the next launch runs. The app's and the runtime's trees are
// read-only; the one binary running (the probe itself) is also busy, which the kernel says first.
TEST_F(RunProcScenario, TheRuntimeAndTheAppCannotBeOverwritten) {
    for (const char* path : {"/app/bin/hello", "/usr/bin/bash", "/usr/bin/env"})
        EXPECT_EQ(value_of(probe_app({}, {"open-rw", path}), "open"), "EROFS") << path;
    EXPECT_THAT(value_of(probe_app({}, {"open-rw", "/app/bin/probe"}), "open").value_or(""),
                AnyOf(Eq("ETXTBSY"), Eq("EROFS")));
}

TEST_F(RunProcScenario, AHostProcessCannotBeSignalled) {
    CommandOptions options;
    options.keep_stdin_open = true;
    ChildProcess host_process({"/bin/cat"}, options);
    EXPECT_EQ(
        value_of(probe_app({}, {"kill-pid", std::to_string(host_process.pid()), "9"}), "kill"),
        "ESRCH");
    EXPECT_EQ(value_of(probe_app({}, {"kill-all", "9"}), "kill-all"), "ESRCH");
    EXPECT_EQ(::kill(host_process.pid(), 0), 0) << "the host process was killed";
    host_process.close_stdin();
    EXPECT_EQ(host_process.finish(10s).status, 0);
}

TEST_F(RunProcScenario, ProcAndSysRefuseWrites) {
    for (const char* path :
         {"/proc/sysrq-trigger", "/proc/sys/kernel/core_pattern", "/proc/sys/vm/drop_caches"}) {
        expect_write_refused(path, value_of(probe_app({}, {"write", path}), "write").value_or(""));
    }
    // /sys is a read-only view: no new files, and the host's attributes (root's, so EACCES
    // comes before EROFS) stay as they are.
    for (const char* path : {"/sys/devices/new", "/sys/class/new"})
        EXPECT_EQ(value_of(probe_app({}, {"write", path}), "write"), "EROFS") << path;
    EXPECT_THAT(
        value_of(probe_app({}, {"write", "/sys/devices/system/cpu/online"}), "write").value_or(""),
        AnyOf(Eq("EROFS"), Eq("EACCES")));
    EXPECT_THAT(value_of(probe_app({}, {"write", "/proc/1/attr/current"}), "write").value_or(""),
                kOtherProcessAttr);
}

}  // namespace
}  // namespace sandbox::test

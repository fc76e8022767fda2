// Syscall filtering: the default policy (--seccomp-default, ours), a program given by fd
// (--seccomp, bwrap's), and the userns limit that backs the filter up (catalog S01-S10).

#include <seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

constexpr int kSigsysStatus = 128 + SIGSYS;
constexpr const char* kI386Getpid = "20";

class Seccomp : public SandboxTest {
  protected:
    KeyValues syscalls_with(const std::vector<std::string>& options) {
        return probe_report(options, {"syscalls"});
    }

    void expect_results(const KeyValues& results, const std::vector<std::string>& names,
                        const std::string& expected) {
        for (const auto& name : names) {
            EXPECT_EQ(value_of(results, "syscall." + name), expected) << name;
        }
    }
};

// --- the default policy ---

class DefaultPolicy : public Seccomp {
  protected:
    void SetUp() override {
        Seccomp::SetUp();
        if (is_bwrap()) GTEST_SKIP() << "--seccomp-default is sandbox-launch's own option";
    }

    KeyValues results() { return syscalls_with({"--seccomp-default"}); }
};

TEST_F(DefaultPolicy, IsLoaded) {
    EXPECT_EQ(value_of(probe_report({"--seccomp-default"}, {"report"}), "Seccomp"), "2");
}

TEST_F(DefaultPolicy, NamespaceAndMountCallsGetEperm) {
    expect_results(
        results(),
        {"unshare_newuser", "clone_newuser", "setns", "mount", "umount2", "pivot_root", "chroot"},
        "EPERM");
}

// The allowlist half of the policy: a syscall nobody decided on (here, ones newer than the
// libseccomp the policy was made with) is refused, where a blocklist would let it through.
TEST_F(DefaultPolicy, SyscallsWithoutADecisionGetEnosys) {
    const KeyValues unfiltered = syscalls_with({});
    for (const char* name : {"statmount", "listmount"}) {
        if (value_of(unfiltered, std::string("syscall.") + name) == "ENOSYS")
            GTEST_SKIP() << "this kernel has no " << name;
        EXPECT_EQ(value_of(results(), std::string("syscall.") + name), "ENOSYS") << name;
    }
}

TEST_F(DefaultPolicy, PtraceKeyringPerfAndSyslogGetEperm) {
    expect_results(results(),
                   {"ptrace", "keyctl", "add_key", "request_key", "perf_event_open", "syslog"},
                   "EPERM");
}

TEST_F(DefaultPolicy, TerminalInjectionIoctlsGetEpermAlsoWithHighBits) {
    auto found = results();
    expect_results(found,
                   {"ioctl_tiocsti", "ioctl_tiocsti_high_bits", "ioctl_tioclinux",
                    "ioctl_tioclinux_high_bits"},
                   "EPERM");
    expect_results(found, {"ioctl_tiocnotty"}, "EBADF");
}

TEST_F(DefaultPolicy, Clone3AndTheNewMountApiGetEnosys) {
    expect_results(results(),
                   {"clone3", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
                    "mount_setattr"},
                   "ENOSYS");
}

TEST_F(DefaultPolicy, RareSocketFamiliesGetEafnosupport) {
    auto found = results();
    expect_results(found, {"socket_packet", "socket_vsock", "socket_alg"}, "EAFNOSUPPORT");
    expect_results(found, {"socket_inet", "socket_inet6", "socket_unix", "socket_netlink"}, "ok");
}

TEST_F(DefaultPolicy, IoUringUserfaultfdAndBpfAreBlocked) {
    auto found = results();
    expect_results(found, {"io_uring_setup"}, "ENOSYS");
    expect_results(found, {"userfaultfd", "bpf"}, "EPERM");
}

TEST_F(DefaultPolicy, ModifyLdtAndOddPersonalitiesGetEperm) {
    auto found = results();
    expect_results(found, {"modify_ldt", "personality_no_randomize"}, "EPERM");
    expect_results(found, {"personality_linux"}, "ok");
}

TEST_F(DefaultPolicy, OrdinaryCallsForkAndThreadsStillWork) {
    auto found = results();
    expect_results(found, {"chmod", "prctl"}, "EFAULT");
    expect_results(found, {"listen"}, "EBADF");
    EXPECT_EQ(value_of(found, "fork"), "ok");
    EXPECT_EQ(value_of(found, "thread"), "ok");
}

// --- foreign ABIs ---

class ForeignAbi : public DefaultPolicy {
  protected:
    void SetUp() override {
        DefaultPolicy::SetUp();
        if (IsSkipped()) return;
        CommandResult plain = run_probe({}, {"int80", kI386Getpid});
        if (plain.status != 0)
            GTEST_SKIP() << "this kernel runs no i386 syscalls (status " << plain.status << ")";
    }
};

TEST_F(ForeignAbi, I386SyscallKillsTheAppWithSigsys) {
    CommandResult result = run_probe({"--seccomp-default"}, {"int80", kI386Getpid});
    EXPECT_EQ(result.status, kSigsysStatus) << result.out << result.err;
}

TEST_F(ForeignAbi, MultiarchAllowsI386SyscallsAndModifyLdt) {
    CommandResult result =
        run_probe({"--seccomp-default", "--seccomp-multiarch"}, {"int80", kI386Getpid});
    EXPECT_EQ(result.status, 0) << result.err;

    auto found = syscalls_with({"--seccomp-default", "--seccomp-multiarch"});
    expect_results(found, {"modify_ldt"}, "ok");
    expect_results(found, {"mount", "ioctl_tiocsti"}, "EPERM");
}

// --- without a filter (works with bwrap too) ---

// The probe's arguments make allowed calls fail with something other than the filter's errno, so
// the errnos asserted above can only come from the filter.
TEST_F(Seccomp, WithoutAFilterTheProbeSeesOtherErrnos) {
    auto found = syscalls_with({});
    for (const char* name : {"mount", "umount2", "chroot", "ptrace", "keyctl", "add_key",
                             "request_key", "bpf", "ioctl_tiocsti", "ioctl_tiocsti_high_bits",
                             "ioctl_tioclinux", "ioctl_tioclinux_high_bits"}) {
        EXPECT_NE(value_of(found, std::string("syscall.") + name), "EPERM") << name;
    }
    for (const char* name : {"clone3", "open_tree"}) {
        EXPECT_NE(value_of(found, std::string("syscall.") + name), "ENOSYS") << name;
    }
    EXPECT_NE(value_of(found, "syscall.socket_packet"), "EAFNOSUPPORT");
    EXPECT_EQ(value_of(probe_report({}, {"report"}), "Seccomp"), "0");
}

// The second layer: even with no filter, no nested user namespace can be made.
TEST_F(Seccomp, DisableUsernsMakesNestedUserNamespacesFailWithEnospc) {
    expect_results(syscalls_with({"--unshare-user", "--disable-userns"}),
                   {"unshare_newuser", "clone_newuser"}, "ENOSPC");
}

// --- a program of the caller's, by fd ---

using FilterContext = std::unique_ptr<void, decltype(&seccomp_release)>;

// Allows everything but chroot, which gets an errno no kernel path gives it.
UniqueFd compile_chroot_filter() {
    FilterContext filter(seccomp_init(SCMP_ACT_ALLOW), seccomp_release);
    if (!filter) throw std::runtime_error("seccomp_init failed");
    if (seccomp_rule_add(filter.get(), SCMP_ACT_ERRNO(ENOMEDIUM), SCMP_SYS(chroot), 0) != 0)
        throw std::runtime_error("seccomp_rule_add failed");
    UniqueFd program = data_fd("");
    if (seccomp_export_bpf(filter.get(), program.get()) != 0)
        throw std::runtime_error("seccomp_export_bpf failed");
    if (lseek(program.get(), 0, SEEK_SET) != 0) throw std::runtime_error("lseek failed");
    return program;
}

class CallersProgram : public Seccomp, public ::testing::WithParamInterface<const char*> {};

TEST_P(CallersProgram, IsApplied) {
    UniqueFd program = compile_chroot_filter();
    CommandOptions options;
    options.extra_fds = {{program.get(), 5}};

    auto found = probe_report({GetParam(), "5"}, {"syscalls"}, options);

    expect_results(found, {"chroot"}, "ENOMEDIUM");
    expect_results(found, {"chmod"}, "EFAULT");
    EXPECT_EQ(value_of(found, "fork"), "ok");
}

INSTANTIATE_TEST_SUITE_P(Options, CallersProgram,
                         ::testing::Values("--seccomp", "--add-seccomp-fd"), [](const auto& info) {
                             return std::string(info.param) == "--seccomp" ? "Seccomp"
                                                                           : "AddSeccompFd";
                         });

}  // namespace
}  // namespace sandbox::test

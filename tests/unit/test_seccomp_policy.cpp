#include <gtest/gtest.h>
#include <linux/personality.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <seccomp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>

#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {
namespace {

using Condition = SeccompRule::Condition;

bool has_rule(const std::vector<SeccompRule>& rules, const std::string& syscall, int error,
              Condition condition = Condition::Always, unsigned long long value = 0) {
    return std::any_of(rules.begin(), rules.end(), [&](const SeccompRule& rule) {
        return rule.syscall == syscall && rule.error == error && rule.condition == condition &&
               rule.value == value;
    });
}

bool mentions(const std::vector<SeccompRule>& rules, const std::string& syscall) {
    return std::any_of(rules.begin(), rules.end(),
                       [&](const SeccompRule& rule) { return rule.syscall == syscall; });
}

// The socket rules as a predicate: does family get EAFNOSUPPORT?
bool family_denied(const std::vector<SeccompRule>& rules, unsigned long long family) {
    return std::any_of(rules.begin(), rules.end(), [&](const SeccompRule& rule) {
        if (rule.syscall != "socket") return false;
        if (rule.condition == Condition::Arg0Equals) return rule.value == family;
        if (rule.condition == Condition::Arg0AtLeast) return family >= rule.value;
        return false;
    });
}

TEST(SeccompPolicy, FlatpaksBlocklistWithItsErrnos) {
    auto rules = default_seccomp_rules({});
    for (const char* name :
         {"syslog",        "uselib",        "acct",       "quotactl",   "add_key",
          "keyctl",        "request_key",   "move_pages", "mbind",      "get_mempolicy",
          "set_mempolicy", "migrate_pages", "unshare",    "setns",      "mount",
          "umount2",       "pivot_root",    "chroot",     "modify_ldt", "perf_event_open",
          "ptrace"})
        EXPECT_TRUE(has_rule(rules, name, EPERM)) << name;
    EXPECT_TRUE(has_rule(rules, "clone", EPERM, Condition::Arg0HasFlag, CLONE_NEWUSER));
    EXPECT_TRUE(has_rule(rules, "personality", EPERM, Condition::Arg0NotEqual, PER_LINUX));
}

TEST(SeccompPolicy, TerminalInjectionIoctlsComparedOnTheLow32Bits) {
    auto rules = default_seccomp_rules({});
    EXPECT_TRUE(has_rule(rules, "ioctl", EPERM, Condition::Arg1Low32Equals, TIOCSTI));
    EXPECT_TRUE(has_rule(rules, "ioctl", EPERM, Condition::Arg1Low32Equals, TIOCLINUX));
}

TEST(SeccompPolicy, UninspectableSyscallsGetEnosys) {
    auto rules = default_seccomp_rules({});
    for (const char* name :
         {"clone3", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick",
          "mount_setattr", "io_uring_setup", "io_uring_enter", "io_uring_register"})
        EXPECT_TRUE(has_rule(rules, name, ENOSYS)) << name;
    for (const char* name : {"userfaultfd", "bpf", "open_by_handle_at"})
        EXPECT_TRUE(has_rule(rules, name, EPERM)) << name;
}

TEST(SeccompPolicy, SocketFamiliesAllowList) {
    auto rules = default_seccomp_rules({});
    for (int allowed : {AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK})
        EXPECT_FALSE(family_denied(rules, allowed)) << allowed;
    for (int denied : {AF_AX25, AF_PACKET, AF_KEY, AF_CAN, AF_TIPC, AF_BLUETOOTH, AF_ALG, AF_VSOCK,
                       AF_XDP, AF_MAX, 1000})
        EXPECT_TRUE(family_denied(rules, static_cast<unsigned long long>(denied))) << denied;
}

TEST(SeccompPolicy, FeaturesOpenTheirFamilies) {
    auto rules = default_seccomp_rules({.canbus = true, .bluetooth = true});
    EXPECT_FALSE(family_denied(rules, AF_CAN));
    EXPECT_FALSE(family_denied(rules, AF_BLUETOOTH));
    EXPECT_TRUE(family_denied(rules, AF_PACKET));
    EXPECT_TRUE(family_denied(rules, AF_BLUETOOTH + 1));
}

TEST(SeccompPolicy, DevelAllowsDebuggingTools) {
    auto rules = default_seccomp_rules({.devel = true});
    EXPECT_FALSE(mentions(rules, "ptrace"));
    EXPECT_FALSE(mentions(rules, "perf_event_open"));
    EXPECT_FALSE(mentions(rules, "personality"));
    EXPECT_TRUE(has_rule(rules, "mount", EPERM));
}

TEST(SeccompPolicy, MultiarchAllowsModifyLdt) {
    EXPECT_FALSE(mentions(default_seccomp_rules({.multiarch = true}), "modify_ldt"));
}

TEST(SeccompPolicy, CompilesToTwoBpfPrograms) {
    for (SeccompOptions options :
         {SeccompOptions{}, SeccompOptions{.multiarch = true}, SeccompOptions{.devel = true}}) {
        auto programs = default_seccomp_programs(options);
        ASSERT_TRUE(programs.ok()) << programs.error().message();
        ASSERT_EQ(programs->size(), 2u);
        for (const SeccompProgram& program : *programs) {
            EXPECT_GT(program.size(), 20u);
            EXPECT_LT(program.size(), 4096u);  // the kernel's BPF_MAXINSNS
        }
    }
}

bool same_program(const SeccompProgram& a, const SeccompProgram& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), a.size() * sizeof(sock_filter)) == 0;
}

TEST(SeccompPolicy, PrecompiledProgramsAreWhatLibseccompMakes) {
    for (std::size_t index = 0; index < kDefaultSeccompPrograms; ++index) {
        const SeccompOptions options = default_seccomp_options_at(index);
        EXPECT_EQ(default_seccomp_program_index(options), index);
        auto precompiled = default_seccomp_programs(options);
        auto rules = compile_seccomp_program(default_seccomp_rules(options), options);
        auto allowlist = compile_allowlist_program(options);
        ASSERT_TRUE(precompiled.ok() && rules.ok() && allowlist.ok());
        EXPECT_TRUE(same_program(precompiled->at(0), *rules)) << "options #" << index;
        EXPECT_TRUE(same_program(precompiled->at(1), *allowlist)) << "options #" << index;
    }
}

// The CI check that keeps the policy an allowlist: every syscall libseccomp names for the native
// ABI is either allowed outright or has rules. When libseccomp learns a new syscall (a new kernel's
// mount-like call, say), this fails until someone decides on it in syscall_allowlist.cpp or
// default_seccomp_rules(); until then the allowlist program gives it ENOSYS.
TEST(SeccompPolicy, EverySyscallLibseccompNamesHasADecision) {
    std::set<std::string> decided = ruled_syscalls();
    for (std::string_view name : allowed_syscalls()) {
        EXPECT_FALSE(decided.contains(std::string(name)))
            << name << " is both allowed outright and ruled: pick one";
        decided.emplace(name);
    }
    int named = 0;
    for (int number = 0; number < 1024; ++number) {
        std::unique_ptr<char, decltype(&std::free)> name(
            seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number), &std::free);
        if (!name) continue;
        ++named;
        EXPECT_TRUE(decided.contains(name.get()))
            << "syscall " << name.get() << " (" << number
            << ") has no decision: allow it in launcher/src/syscall_allowlist.cpp or add a rule";
    }
    EXPECT_GT(named, 300);
}

TEST(SeccompPolicy, AllowedNamesAreRealSyscalls) {
    for (std::string_view name : allowed_syscalls())
        EXPECT_NE(seccomp_syscall_resolve_name(std::string(name).c_str()), __NR_SCMP_ERROR) << name;
}

TEST(SeccompPolicy, UnknownSyscallIsAnError) {
    auto program = compile_seccomp_program({{"no_such_syscall", EPERM}}, {});
    ASSERT_FALSE(program.ok());
    EXPECT_NE(program.error().message().find("no_such_syscall"), std::string::npos);
}

}  // namespace
}  // namespace sandbox::launcher

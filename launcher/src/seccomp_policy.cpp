#include "sandbox/launcher/seccomp_policy.hpp"

#include <linux/personality.h>
#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>
#include <memory>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::launcher {
namespace {

using Condition = SeccompRule::Condition;

void add_always(std::vector<SeccompRule>& rules, std::initializer_list<const char*> names,
                int error) {
    for (const char* name : names) rules.push_back({name, error, Condition::Always, 0});
}

// Families a socket may have; every other family gets EAFNOSUPPORT. Kept in numeric order: the
// rules below deny the gaps between them and everything above the last.
std::vector<int> allowed_socket_families(const SeccompOptions& options) {
    std::vector<int> families = {AF_UNSPEC, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK};
    if (options.canbus) families.push_back(AF_CAN);
    if (options.bluetooth) families.push_back(AF_BLUETOOTH);
    return families;
}

void add_socket_rules(std::vector<SeccompRule>& rules, const SeccompOptions& options) {
    int next = 0;
    for (int family : allowed_socket_families(options)) {
        for (int denied = next; denied < family; ++denied)
            rules.push_back({"socket", EAFNOSUPPORT, Condition::Arg0Equals,
                             static_cast<unsigned long long>(denied)});
        next = family + 1;
    }
    rules.push_back(
        {"socket", EAFNOSUPPORT, Condition::Arg0AtLeast, static_cast<unsigned long long>(next)});
}

// Above every syscall number any ABI has today (x86_64 is at ~460).
constexpr int kHighestSyscallNumber = 1024;

struct FreeDeleter {
    void operator()(char* text) const { std::free(text); }
};

struct FilterDeleter {
    void operator()(void* filter) const { seccomp_release(filter); }
};
using Filter = std::unique_ptr<void, FilterDeleter>;

Status add_rule(scmp_filter_ctx filter, const SeccompRule& rule) {
    const int number = seccomp_syscall_resolve_name(rule.syscall.c_str());
    if (number == __NR_SCMP_ERROR) return usage_error("Unknown syscall in policy: " + rule.syscall);
    const std::uint32_t action = SCMP_ACT_ERRNO(static_cast<std::uint32_t>(rule.error));
    int result = 0;
    switch (rule.condition) {
        case Condition::Always:
            result = seccomp_rule_add(filter, action, number, 0);
            break;
        case Condition::Arg0HasFlag:
            result = seccomp_rule_add(filter, action, number, 1,
                                      SCMP_A0(SCMP_CMP_MASKED_EQ, rule.value, rule.value));
            break;
        case Condition::Arg1Low32Equals:
            result = seccomp_rule_add(filter, action, number, 1,
                                      SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFull, rule.value));
            break;
        case Condition::Arg0NotEqual:
            result =
                seccomp_rule_add(filter, action, number, 1, SCMP_A0(SCMP_CMP_NE, rule.value, 0));
            break;
        case Condition::Arg0Equals:
            result =
                seccomp_rule_add(filter, action, number, 1, SCMP_A0(SCMP_CMP_EQ, rule.value, 0));
            break;
        case Condition::Arg0AtLeast:
            result =
                seccomp_rule_add(filter, action, number, 1, SCMP_A0(SCMP_CMP_GE, rule.value, 0));
            break;
    }
    // -EFAULT: the syscall does not exist on one of the filter's ABIs; nothing to deny there.
    if (result != 0 && result != -EFAULT)
        return system_error("Can't add the seccomp rule for " + rule.syscall, -result);
    return ok_status();
}

Result<SeccompProgram> export_program(scmp_filter_ctx filter) {
    UniqueFd memfd(::memfd_create("seccomp", MFD_CLOEXEC));
    if (!memfd) return system_error("Can't create a memfd for the seccomp program");
    if (int result = seccomp_export_bpf(filter, memfd.get()); result != 0)
        return system_error("Can't export the seccomp program", -result);
    if (::lseek(memfd.get(), 0, SEEK_SET) != 0) return system_error("Can't rewind the memfd");
    auto bytes = read_all(memfd.get());
    if (!bytes) return bytes.take_error();
    SeccompProgram program(bytes->size() / sizeof(sock_filter));
    std::memcpy(program.data(), bytes->data(), program.size() * sizeof(sock_filter));
    return program;
}

}  // namespace

std::vector<SeccompRule> default_seccomp_rules(const SeccompOptions& options) {
    std::vector<SeccompRule> rules;
    add_always(rules, {"syslog", "uselib", "acct", "quotactl"}, EPERM);
    add_always(rules, {"add_key", "keyctl", "request_key"}, EPERM);
    add_always(rules, {"move_pages", "mbind", "get_mempolicy", "set_mempolicy", "migrate_pages"},
               EPERM);
    add_always(rules, {"unshare", "setns", "mount", "umount", "umount2", "pivot_root", "chroot"},
               EPERM);
    rules.push_back({"clone", EPERM, Condition::Arg0HasFlag, CLONE_NEWUSER});
    rules.push_back({"ioctl", EPERM, Condition::Arg1Low32Equals, TIOCSTI});
    rules.push_back({"ioctl", EPERM, Condition::Arg1Low32Equals, TIOCLINUX});
    // ENOSYS, not EPERM: libc then falls back to clone(), whose flags the filter can see.
    add_always(rules, {"clone3"}, ENOSYS);
    add_always(
        rules,
        {"open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr"},
        ENOSYS);
    // Beyond Flatpak's list (docs/SECCOMP.md): io_uring runs operations seccomp cannot see;
    // ENOSYS lets its users fall back to ordinary syscalls.
    add_always(rules, {"io_uring_setup", "io_uring_enter", "io_uring_register"}, ENOSYS);
    add_always(rules, {"userfaultfd", "bpf", "open_by_handle_at"}, EPERM);
    // The kernel refuses these without the host's capabilities; a sandbox has no use for them,
    // and naming them keeps that true should a capability leak in.
    add_always(rules,
               {"kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
                "reboot", "swapon", "swapoff", "iopl", "ioperm"},
               EPERM);
    if (!options.multiarch) add_always(rules, {"modify_ldt"}, EPERM);
    if (!options.devel) {
        add_always(rules, {"perf_event_open", "ptrace"}, EPERM);
        rules.push_back({"personality", EPERM, Condition::Arg0NotEqual, PER_LINUX});
    }
    add_socket_rules(rules, options);
    return rules;
}

std::set<std::string> ruled_syscalls() {
    std::set<std::string> names;
    for (std::size_t index = 0; index < kDefaultSeccompPrograms; ++index)
        for (const SeccompRule& rule : default_seccomp_rules(default_seccomp_options_at(index)))
            names.insert(rule.syscall);
    return names;
}

Result<SeccompProgram> compile_allowlist_program(const SeccompOptions& options) {
    Filter filter(seccomp_init(SCMP_ACT_ERRNO(ENOSYS)));
    if (!filter) return usage_error("Can't initialise libseccomp");
    std::set<std::string> decided = ruled_syscalls();
    for (std::string_view name : allowed_syscalls()) decided.emplace(name);
#if defined(__x86_64__)
    if (options.multiarch) {
        if (int result = seccomp_arch_add(filter.get(), SCMP_ARCH_X86); result != 0)
            return system_error("Can't add the x86 ABI to the seccomp filter", -result);
        for (int number = 0; number < kHighestSyscallNumber; ++number)
            if (std::unique_ptr<char, FreeDeleter> name{
                    seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86, number)})
                decided.emplace(name.get());
    }
#else
    (void)options;
#endif
    for (const std::string& name : decided) {
        const int number = seccomp_syscall_resolve_name(name.c_str());
        if (number == __NR_SCMP_ERROR) return usage_error("Unknown syscall in policy: " + name);
        const int result = seccomp_rule_add(filter.get(), SCMP_ACT_ALLOW, number, 0);
        if (result != 0 && result != -EFAULT)
            return system_error("Can't allow " + name + " in the seccomp filter", -result);
    }
    // A binary search over the syscall numbers: ~9 comparisons a call instead of ~360.
    if (int result = seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2); result != 0)
        return system_error("Can't ask libseccomp for a binary tree", -result);
    return export_program(filter.get());
}

Result<SeccompProgram> compile_seccomp_program(const std::vector<SeccompRule>& rules,
                                               const SeccompOptions& options) {
    Filter filter(seccomp_init(SCMP_ACT_ALLOW));
    if (!filter) return usage_error("Can't initialise libseccomp");
#if defined(__x86_64__)
    if (options.multiarch) {
        if (int result = seccomp_arch_add(filter.get(), SCMP_ARCH_X86); result != 0)
            return system_error("Can't add the x86 ABI to the seccomp filter", -result);
    }
#else
    (void)options;
#endif
    for (const SeccompRule& rule : rules) SANDBOX_TRY(add_rule(filter.get(), rule));
    return export_program(filter.get());
}

}  // namespace sandbox::launcher

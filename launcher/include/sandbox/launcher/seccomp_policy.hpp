#pragma once

#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"

namespace sandbox::launcher {

struct SeccompOptions {
    bool multiarch = false;  // also allow the 32-bit ABI (x86 on x86_64) and modify_ldt
    bool devel = false;      // allow ptrace, perf_event_open and any personality
    bool canbus = false;     // allow AF_CAN sockets
    bool bluetooth = false;  // allow AF_BLUETOOTH sockets
};

// One rule of the default policy, as data: which syscall, what it gets, and when.
struct SeccompRule {
    enum class Condition {
        Always,
        Arg0HasFlag,      // (arg0 & value) == value
        Arg1Low32Equals,  // (arg1 & 0xffffffff) == value
        Arg0NotEqual,     // arg0 != value
        Arg0Equals,       // arg0 == value
        Arg0AtLeast,      // arg0 >= value
    };
    std::string syscall;
    int error = 0;  // errno returned
    Condition condition = Condition::Always;
    unsigned long long value = 0;
};

// The default policy's rules for these options (pure data; see docs/SECCOMP.md for the why).
std::vector<SeccompRule> default_seccomp_rules(const SeccompOptions& options);

// The rules compiled by libseccomp into a BPF program for the native ABI (plus x86 with
// multiarch); syscalls of any other ABI kill the process.
Result<SeccompProgram> compile_seccomp_program(const std::vector<SeccompRule>& rules,
                                               const SeccompOptions& options);

// The syscalls the default policy lets through without looking at their arguments
// (syscall_allowlist.cpp), and those default_seccomp_rules() names for some options. Together
// they are every syscall libseccomp names for the native ABI: each has a decision.
std::span<const std::string_view> allowed_syscalls();
std::set<std::string> ruled_syscalls();

// The allowlist program: ENOSYS for every syscall that has no decision (one the kernel added after
// the list was made), so the policy fails closed; everything decided passes on to the rules'
// program. With multiarch, every syscall libseccomp names for x86 passes too.
Result<SeccompProgram> compile_allowlist_program(const SeccompOptions& options);

// The default policy for these options: the rules' program (compile_seccomp_program) then the
// allowlist program, both made for each of the 16 combinations at build time
// (seccomp_precompile.cpp), so a launch spends nothing on libseccomp (about 0.2 ms of every
// `sandbox run`). The kernel runs both; an errno from either refuses the call.
Result<std::vector<SeccompProgram>> default_seccomp_programs(const SeccompOptions& options);

// Which of the 16 precompiled programs serves these options: bit 0 multiarch, 1 devel, 2 canbus,
// 3 bluetooth.
std::size_t default_seccomp_program_index(const SeccompOptions& options);
inline constexpr std::size_t kDefaultSeccompPrograms = 16;
SeccompOptions default_seccomp_options_at(std::size_t index);

}  // namespace sandbox::launcher

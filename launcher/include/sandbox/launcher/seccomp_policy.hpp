#pragma once

#include <cstddef>
#include <string>
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

// The default policy's program for these options: compile_seccomp_program's output for each of
// the 16 combinations, made at build time (seccomp_precompile.cpp), so a launch spends nothing on
// libseccomp (about 0.2 ms of every `sandbox run`).
Result<SeccompProgram> default_seccomp_program(const SeccompOptions& options);

// Which of the 16 precompiled programs serves these options: bit 0 multiarch, 1 devel, 2 canbus,
// 3 bluetooth.
std::size_t default_seccomp_program_index(const SeccompOptions& options);
inline constexpr std::size_t kDefaultSeccompPrograms = 16;
SeccompOptions default_seccomp_options_at(std::size_t index);

}  // namespace sandbox::launcher

#include <linux/filter.h>

#include <span>

#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {
namespace {

#include "default_seccomp_programs.inc"

static_assert(std::size(kPrograms) == kDefaultSeccompPrograms);

}  // namespace

Result<SeccompProgram> default_seccomp_program(const SeccompOptions& options) {
    const std::span<const sock_filter> program = kPrograms[default_seccomp_program_index(options)];
    return SeccompProgram(program.begin(), program.end());
}

}  // namespace sandbox::launcher

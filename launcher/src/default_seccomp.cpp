#include <linux/filter.h>

#include <span>

#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {
namespace {

#include "default_seccomp_programs.inc"

static_assert(std::size(kRulesPrograms) == kDefaultSeccompPrograms);
static_assert(std::size(kAllowlistPrograms) == kDefaultSeccompPrograms);

SeccompProgram copy(std::span<const sock_filter> program) {
    return SeccompProgram(program.begin(), program.end());
}

}  // namespace

Result<std::vector<SeccompProgram>> default_seccomp_programs(const SeccompOptions& options) {
    const std::size_t index = default_seccomp_program_index(options);
    return std::vector<SeccompProgram>{copy(kRulesPrograms[index]),
                                       copy(kAllowlistPrograms[index])};
}

}  // namespace sandbox::launcher

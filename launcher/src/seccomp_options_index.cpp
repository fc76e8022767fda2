#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {

std::size_t default_seccomp_program_index(const SeccompOptions& options) {
    return (options.multiarch ? 1u : 0u) | (options.devel ? 2u : 0u) | (options.canbus ? 4u : 0u) |
           (options.bluetooth ? 8u : 0u);
}

SeccompOptions default_seccomp_options_at(std::size_t index) {
    return SeccompOptions{.multiarch = (index & 1u) != 0,
                          .devel = (index & 2u) != 0,
                          .canbus = (index & 4u) != 0,
                          .bluetooth = (index & 8u) != 0};
}

}  // namespace sandbox::launcher

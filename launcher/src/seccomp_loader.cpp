#include "seccomp_loader.hpp"

#include <linux/seccomp.h>
#include <sys/prctl.h>

namespace sandbox::launcher {

Status load_seccomp_programs(const std::vector<SeccompProgram>& programs) {
    for (const SeccompProgram& program : programs) {
        sock_fprog fprog{};
        fprog.len = static_cast<unsigned short>(program.size());
        fprog.filter = const_cast<sock_filter*>(program.data());
        if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog) != 0) {
            if (errno == EINVAL)
                return usage_error(
                    "Unable to set up system call filtering as requested: "
                    "prctl(PR_SET_SECCOMP) reported EINVAL");
            return system_error("prctl(PR_SET_SECCOMP)");
        }
    }
    return ok_status();
}

}  // namespace sandbox::launcher

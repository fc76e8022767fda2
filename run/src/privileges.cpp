#include "privileges.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sandbox::run {
namespace {

constexpr int kHighestCapability = 63;

Status clear_capability_sets() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capset, &header, data) != 0) return system_error("Can't drop capabilities");
    return ok_status();
}

}  // namespace

Status drop_all_privileges() {
    for (int capability = 0; capability <= kHighestCapability; ++capability)
        if (::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 && errno != EINVAL)
            return system_error("Can't drop capability " + std::to_string(capability));
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        return system_error("Can't clear ambient capabilities");
    SANDBOX_TRY(clear_capability_sets());
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return system_error("Can't set no_new_privs");
    return ok_status();
}

}  // namespace sandbox::run

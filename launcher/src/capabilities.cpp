#include "capabilities.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

namespace sandbox::launcher {
namespace {

bool kept(const std::vector<int>& keep, int cap) {
    return std::find(keep.begin(), keep.end(), cap) != keep.end();
}

int last_capability() {
    int cap = 0;
    while (::prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0) ++cap;
    return cap;
}

Status set_process_capabilities(const std::vector<int>& keep) {
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
    for (int cap : keep) {
        const auto bit = std::uint32_t{1} << (cap % 32);
        data[cap / 32].effective |= bit;
        data[cap / 32].permitted |= bit;
        data[cap / 32].inheritable |= bit;
    }
    if (::syscall(SYS_capset, &header, data) != 0) return system_error("capset failed");
    return ok_status();
}

}  // namespace

Status drop_capabilities(const std::vector<int>& keep) {
    const int last = last_capability();
    for (int cap = 0; cap <= last; ++cap) {
        if (kept(keep, cap)) continue;
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            return system_error("Dropping capability " + std::to_string(cap) + " from bounds");
    }
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        return system_error("Can't clear ambient capabilities");
    SANDBOX_TRY(set_process_capabilities(keep));
    for (int cap : keep)
        if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0)
            return system_error("Adding ambient capability " + std::to_string(cap));
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return system_error("prctl(PR_SET_NO_NEW_PRIVS) failed");
    return ok_status();
}

}  // namespace sandbox::launcher

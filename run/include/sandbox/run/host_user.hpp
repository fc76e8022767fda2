#pragma once

// Who runs the sandbox, and the /etc/passwd and /etc/group the sandbox gets for them (Flatpak's:
// the user, their primary group, and the overflow user for unmapped ids).

#include <sys/types.h>

#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::run {

struct HostUser {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string name;
    std::string real_name;
    std::string home;  // $HOME, else the passwd entry's
    std::string group_name;
};

// From the passwd and group databases; a uid without an entry gets a numeric name.
HostUser current_user();

std::string passwd_text(const HostUser& user);
std::string group_text(const HostUser& user);

}  // namespace sandbox::run

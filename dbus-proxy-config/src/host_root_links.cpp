#include <sys/stat.h>
#include <unistd.h>

#include <array>

#include "sandbox/dbus_proxy/proxy_sandbox.hpp"

namespace sandbox::dbus_proxy {

std::vector<launcher::MountOp> host_root_links() {
    static constexpr std::array kTopLevel{"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"};
    std::vector<launcher::MountOp> links;
    for (const char* path : kTopLevel) {
        struct stat st {};
        if (::lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            links.emplace_back(launcher::BindMount{launcher::HostPath{path}, path});
            continue;
        }
        char target[256];
        const ssize_t length = ::readlink(path, target, sizeof target);
        if (S_ISLNK(st.st_mode) && length > 0 && length < static_cast<ssize_t>(sizeof target))
            links.emplace_back(launcher::MakeSymlink{std::string(target, length), path});
    }
    return links;
}

}  // namespace sandbox::dbus_proxy

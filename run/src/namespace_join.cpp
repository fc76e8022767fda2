#include "namespace_join.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <string>

#include "sandbox/common/files.hpp"

namespace sandbox::run {
namespace {

struct NamespaceKind {
    const char* name;
    int flag;
};

// The mount namespace last: joining it moves our root into the sandbox, where /proc no longer
// shows the host's processes (all fds are opened before anything is joined anyway).
constexpr NamespaceKind kJoinedUnderOuterUser[] = {{"ipc", CLONE_NEWIPC},
                                                   {"uts", CLONE_NEWUTS},
                                                   {"net", CLONE_NEWNET},
                                                   {"pid", CLONE_NEWPID},
                                                   {"mnt", CLONE_NEWNS}};

Result<UniqueFd> open_namespace(const std::string& dir, const char* name) {
    auto fd = open_path(AT_FDCWD, dir + name, O_RDONLY);
    if (!fd)
        return system_error(std::string("Can't open the sandbox's ") + name + " namespace",
                            fd.error().code);
    return fd;
}

bool is_ours(int fd, const char* name) {
    struct stat theirs {
    }, ours{};
    return ::fstat(fd, &theirs) == 0 &&
           ::stat((std::string("/proc/self/ns/") + name).c_str(), &ours) == 0 &&
           theirs.st_ino == ours.st_ino && theirs.st_dev == ours.st_dev;
}

Status join(int fd, int flag, const char* what) {
    if (::setns(fd, flag) != 0)
        return system_error(std::string("Can't join the sandbox's ") + what + " namespace");
    return ok_status();
}

}  // namespace

Result<SandboxNamespaces> open_sandbox_namespaces(pid_t pid) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/ns/";
    SandboxNamespaces namespaces;
    auto user = open_namespace(dir, "user");
    if (!user) return user.take_error();
    namespaces.user = std::move(*user);
    namespaces.outer_user.reset(::ioctl(namespaces.user.get(), NS_GET_PARENT));
    if (!namespaces.outer_user)
        return system_error("Can't find the sandbox's outer user namespace");
    ::fcntl(namespaces.outer_user.get(), F_SETFD, FD_CLOEXEC);
    for (const NamespaceKind& kind : kJoinedUnderOuterUser) {
        auto fd = open_namespace(dir, kind.name);
        if (!fd) return fd.take_error();
        if (!is_ours(fd->get(), kind.name))
            namespaces.others.push_back({std::move(*fd), kind.flag, kind.name});
    }
    return namespaces;
}

Status join_sandbox_namespaces(const SandboxNamespaces& namespaces) {
    SANDBOX_TRY(join(namespaces.outer_user.get(), CLONE_NEWUSER, "outer user"));
    for (const SandboxNamespace& other : namespaces.others)
        SANDBOX_TRY(join(other.fd.get(), other.flag, other.name));
    return join(namespaces.user.get(), CLONE_NEWUSER, "user");
}

}  // namespace sandbox::run

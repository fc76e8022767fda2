#include "sandbox/instances/runtime_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "sandbox/common/files.hpp"

namespace sandbox::instances {
namespace {

// Another user could have made the fallback first (it is in /tmp): only a real directory that we
// own and nobody else can enter is used.
Status check_private_dir(const std::filesystem::path& path) {
    auto fd = open_path(AT_FDCWD, path.string(), O_PATH | O_DIRECTORY | O_NOFOLLOW);
    if (!fd) return system_error("Can't open " + path.string(), fd.error().code);
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0) return system_error("Can't stat " + path.string());
    if (!S_ISDIR(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 0077) != 0)
        return usage_error(path.string() +
                           " is not a private directory of this user (owner and mode 0700 "
                           "expected); remove it or set XDG_RUNTIME_DIR");
    return ok_status();
}

Result<std::filesystem::path> fallback_runtime_dir() {
    const std::filesystem::path path = "/tmp/sandbox-runtime-" + std::to_string(::getuid());
    if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
        return system_error("Can't create " + path.string());
    SANDBOX_TRY(check_private_dir(path));
    return path;
}

}  // namespace

Result<std::filesystem::path> user_runtime_dir() {
    const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
    if (runtime_dir != nullptr && runtime_dir[0] == '/') return std::filesystem::path(runtime_dir);
    return fallback_runtime_dir();
}

Result<std::filesystem::path> instances_dir() {
    auto runtime_dir = user_runtime_dir();
    if (!runtime_dir) return runtime_dir.take_error();
    const std::filesystem::path dir = *runtime_dir / ".sandbox";
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
        return system_error("Can't create " + dir.string());
    SANDBOX_TRY(check_private_dir(dir));
    return dir;
}

}  // namespace sandbox::instances

#include "debian_runtime.hpp"

#include <sys/stat.h>

#include <array>

#include "debian_app.hpp"
#include "debian_font_cache.hpp"
#include "debian_support.hpp"
#include "sandbox/builder/debian.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

// `sandbox run` makes these or binds the host's (run/src/etc_mounts.cpp), so the runtime's would
// never be seen; the shadow files and the backups dpkg and shadow leave are secrets or noise.
constexpr std::array<const char*, 20> kEtcDropped{
    "passwd",    "group",     "shadow",   "gshadow",    "passwd-",     "group-",   "shadow-",
    "gshadow-",  "subuid",    "subgid",   "machine-id", "hostname",    "hosts",    "resolv.conf",
    "host.conf", "localtime", "timezone", "mtab",       "ld.so.cache", ".pwd.lock"};

Status move_usr(const fs::path& tree, const fs::path& files) {
    std::error_code error;
    fs::remove(files, error);  // empty
    fs::rename(tree / "usr", files, error);
    if (error) return system_error("Can't move the tree's usr to " + files.string(), error.value());
    fs::rename(tree / "etc", files / "etc", error);
    if (error) return system_error("Can't move the tree's etc", error.value());
    for (const char* name : kEtcDropped) fs::remove(files / "etc" / name, error);
    return ok_status();
}

}  // namespace

Result<std::int64_t> stage_debian_runtime(const Manifest& manifest, const BuildOptions& options,
                                          const fs::path& stage, const fs::path& files) {
    const DebianSpec& spec = *manifest.debian;
    auto lock = ensure_lock(spec, options.update_lock, nullptr, options.step);
    if (!lock) return lock.take_error();
    if (options.step)
        options.step("Installing " + std::to_string(lock->packages.size()) +
                     " Debian packages (mmdebstrap)");
    const fs::path tree = stage / "debian-tree";
    const fs::path cache = options.deb_cache.empty() ? default_deb_cache() : options.deb_cache;
    SANDBOX_TRY(build_debian_tree(lock->packages, *lock, tree, cache));
    SANDBOX_TRY(move_usr(tree, files));
    std::error_code error;
    fs::remove_all(tree, error);
    // Apps layered over this runtime resolve and build against its lock (debian_app.cpp).
    const fs::path runtime_lock = files / kRuntimeLockPath;
    fs::create_directories(runtime_lock.parent_path(), error);
    if (error)
        return system_error("Can't create " + runtime_lock.parent_path().string(), error.value());
    SANDBOX_TRY(write_lock(runtime_lock, *lock));
    if (options.step) options.step("Making the font cache");
    SANDBOX_TRY(make_font_cache(options.launcher, files));
    return lock->epoch;
}

}  // namespace sandbox::builder

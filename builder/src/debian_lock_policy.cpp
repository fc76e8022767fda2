// ensure_lock: when a build uses the lock beside the manifest, and when it makes a new one.

#include <algorithm>
#include <set>

#include "sandbox/builder/debian.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

bool same_packages(const DebianLock& a, const DebianLock& b) {
    if (a.packages.size() != b.packages.size()) return false;
    for (std::size_t i = 0; i < a.packages.size(); ++i)
        if (a.packages[i].name != b.packages[i].name ||
            a.packages[i].version != b.packages[i].version ||
            a.packages[i].sha256 != b.packages[i].sha256)
            return false;
    return true;
}

// The lock must still describe the manifest: a package added to the manifest, or another
// mirror, needs a new resolution, which only --update-lock makes.
Status check_lock_matches(const DebianLock& lock, const DebianSpec& spec, const DebianLock* base) {
    const std::string way_out = ": run sandbox build --update-lock to resolve it again";
    if (lock.suite != spec.suite || lock.sources != spec.sources)
        return usage_error("The lock " + spec.lock.string() +
                           " was made for other debian sources than the manifest's" + way_out);
    std::set<std::string> locked;
    for (const LockedPackage& package : lock.packages) locked.insert(package.name);
    if (base != nullptr)
        for (const LockedPackage& package : base->packages) locked.insert(package.name);
    for (const std::string& name : spec.packages)
        if (!locked.contains(name))
            return usage_error("The lock " + spec.lock.string() + " has no package " +
                               store::printable(name) + way_out);
    return ok_status();
}

Result<DebianLock> resolve_and_write(const DebianSpec& spec, const DebianLock* base,
                                     const DebianLock* previous,
                                     const std::function<void(const std::string&)>& step) {
    if (step) step("Resolving the Debian packages (lock " + spec.lock.string() + ")");
    auto lock = resolve_lock(spec, base);
    if (!lock) return lock.take_error();
    if (previous != nullptr && previous->suite == lock->suite &&
        previous->sources == lock->sources && same_packages(*previous, *lock)) {
        if (step) step("The lock is up to date");
        return *previous;
    }
    SANDBOX_TRY(write_lock(spec.lock, *lock));
    if (step)
        step("Wrote " + spec.lock.string() + " (" + std::to_string(lock->packages.size()) +
             " packages)");
    return lock;
}

}  // namespace

Result<DebianLock> ensure_lock(const DebianSpec& spec, bool update, const DebianLock* base,
                               const std::function<void(const std::string&)>& step) {
    std::error_code error;
    if (!fs::exists(spec.lock, error)) return resolve_and_write(spec, base, nullptr, step);
    auto lock = read_lock(spec.lock);
    if (!lock) return lock.take_error();
    if (update) return resolve_and_write(spec, base, &*lock, step);
    SANDBOX_TRY(check_lock_matches(*lock, spec, base));
    return lock;
}

}  // namespace sandbox::builder

// resolve_lock: the manifest's packages and their dependencies, to exact versions, by apt's own
// resolver on an empty system (docs/RUNTIMES.md says why apt rather than mmdebstrap).

#include <algorithm>
#include <ctime>
#include <set>

#include "debian_apt.hpp"
#include "sandbox/builder/debian.hpp"

namespace sandbox::builder {
namespace {

std::vector<std::string> install_arguments(const DebianSpec& spec, const DebianLock* base) {
    std::vector<std::string> arguments;
    if (base == nullptr) {
        // A runtime is a whole system: dpkg and the shell its maintainer scripts need.
        arguments.emplace_back("?essential");
    } else {
        for (const LockedPackage& package : base->packages)
            arguments.push_back(pin({package.name, package.version, package.architecture}));
    }
    arguments.insert(arguments.end(), spec.packages.begin(), spec.packages.end());
    return arguments;
}

}  // namespace

Result<DebianLock> resolve_lock(const DebianSpec& spec, const DebianLock* base) {
    auto apt = PrivateApt::open(spec.sources);
    if (!apt) return apt.take_error();
    auto planned = apt->simulate_install(install_arguments(spec, base));
    if (!planned) return planned.take_error();
    std::set<std::string> in_base;
    if (base != nullptr)
        for (const LockedPackage& package : base->packages) in_base.insert(package.name);
    std::vector<PackageId> added;
    for (const PackageId& package : *planned)
        if (!in_base.contains(package.name)) added.push_back(package);
    if (added.empty() && base == nullptr)
        return usage_error("apt resolved no packages for the manifest's debian packages");
    std::vector<LockedPackage> described;
    if (!added.empty()) {
        auto found = apt->describe(added);
        if (!found) return found.take_error();
        described = std::move(*found);
    }
    if (described.size() != added.size())
        return usage_error("apt-cache described " + std::to_string(described.size()) + " of " +
                           std::to_string(added.size()) + " resolved packages");
    std::sort(described.begin(), described.end(),
              [](const LockedPackage& a, const LockedPackage& b) { return a.name < b.name; });
    return DebianLock{spec.suite, spec.sources, std::int64_t(std::time(nullptr)),
                      std::move(described)};
}

}  // namespace sandbox::builder

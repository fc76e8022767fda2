#include "debian_app.hpp"

#include <algorithm>
#include <map>

#include "debian_app_layer.hpp"
#include "debian_font_cache.hpp"
#include "sandbox/builder/debian.hpp"
#include "sandbox/store/deployment.hpp"
#include "sandbox/store/ref.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::printable;

void report(const BuildOptions& options, const std::string& text) {
    if (options.step) options.step(text);
}

Result<fs::path> find_runtime_files(const Manifest& manifest, const BuildOptions& options,
                                    const std::string& arch) {
    store::Ref runtime{store::RefKind::Runtime, manifest.runtime, arch, manifest.runtime_version};
    for (const auto& installation : options.installations) {
        auto deployment = store::find_deployment(installation, runtime);
        if (deployment && *deployment) return (*deployment)->files();
    }
    return usage_error("The runtime " + runtime.str() +
                       " this app is a layer over is not installed (sandbox install it first)");
}

Result<DebianLock> runtime_lock(const fs::path& runtime_files, const std::string& runtime) {
    const fs::path file = runtime_files / kRuntimeLockPath;
    std::error_code error;
    if (!fs::is_regular_file(fs::symlink_status(file, error)))
        return usage_error("The runtime " + runtime + " has no Debian lock (" + kRuntimeLockPath +
                           "): an app of Debian packages needs a runtime built from one");
    return read_lock(file);
}

// The runtime's packages and the app's. The app's lock was resolved with the runtime's held, so a
// package in both at another version means the runtime changed since: the app's lock is stale.
Result<std::vector<LockedPackage>> all_packages(const DebianLock& runtime, const DebianLock& app,
                                                const fs::path& app_lock_file) {
    std::map<std::string, LockedPackage> by_name;
    for (const LockedPackage& package : runtime.packages) by_name.emplace(package.name, package);
    for (const LockedPackage& package : app.packages) {
        auto [found, added] = by_name.emplace(package.name, package);
        if (!added && found->second.version != package.version)
            return usage_error(app_lock_file.string() + " locks " + printable(package.name) + " " +
                               printable(package.version) + " but the runtime has " +
                               printable(found->second.version) +
                               "; run sandbox build with --update-lock");
    }
    std::vector<LockedPackage> packages;
    packages.reserve(by_name.size());
    for (auto& [name, package] : by_name) packages.push_back(std::move(package));
    return packages;
}

// The tree is built as the runtime's was (its epoch, so whatever a maintainer script stamps is
// the same), from the runtime's mirrors and the app's.
DebianLock tree_lock(const DebianLock& runtime, const DebianLock& app) {
    DebianLock lock;
    lock.suite = runtime.suite;
    lock.epoch = runtime.epoch;
    lock.sources = runtime.sources;
    for (const std::string& source : app.sources)
        if (std::find(lock.sources.begin(), lock.sources.end(), source) == lock.sources.end())
            lock.sources.push_back(source);
    return lock;
}

// A root filesystem in the runtime's shape: its usr/ with etc/ inside.
Result<fs::path> as_runtime_shape(const fs::path& root) {
    std::error_code error;
    if (fs::exists(fs::symlink_status(root / "usr/etc", error)))
        return usage_error("The Debian tree has a usr/etc, which would clash with its etc/");
    fs::rename(root / "etc", root / "usr/etc", error);
    if (error) return system_error("Can't move the tree's etc", error.value());
    return root / "usr";
}

class RemovedTree {
  public:
    explicit RemovedTree(fs::path path) : path_(std::move(path)) {}
    RemovedTree(const RemovedTree&) = delete;
    RemovedTree& operator=(const RemovedTree&) = delete;
    ~RemovedTree() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }

  private:
    fs::path path_;
};

std::string megabytes(std::uint64_t bytes) {
    return std::to_string((bytes + (1 << 19)) >> 20) + " MiB";
}

}  // namespace

Result<std::int64_t> build_debian_app(const Manifest& manifest, const BuildOptions& options,
                                      const fs::path& stage, const fs::path& files,
                                      const std::string& arch) {
    auto runtime_files = find_runtime_files(manifest, options, arch);
    if (!runtime_files) return runtime_files.take_error();
    auto base = runtime_lock(*runtime_files, manifest.runtime + "//" + manifest.runtime_version);
    if (!base) return base.take_error();
    const DebianSpec& spec = *manifest.debian;
    auto lock = ensure_lock(spec, options.update_lock, &*base, options.step);
    if (!lock) return lock.take_error();
    auto packages = all_packages(*base, *lock, spec.lock);
    if (!packages) return packages.take_error();
    report(options, "Installing " + std::to_string(packages->size()) + " Debian packages (" +
                        std::to_string(lock->packages.size()) + " of them the app's)");
    const fs::path root = stage / "debian-app-tree";
    RemovedTree removed(root);
    const fs::path cache = options.deb_cache.empty() ? default_deb_cache() : options.deb_cache;
    SANDBOX_TRY(build_debian_tree(*packages, tree_lock(*base, *lock), root, cache));
    auto full_files = as_runtime_shape(root);
    if (!full_files) return full_files.take_error();
    // The font cache of the composed view: a font directory the app adds to changes its parent's
    // cache too, and the runtime's cache for that parent would hide the app's fonts.
    report(options, "Making the font cache of the app over its runtime");
    SANDBOX_TRY(make_font_cache(options.launcher, *full_files));
    report(options, "Keeping what the app's packages add to the runtime");
    auto figures = extract_layer(*full_files, *runtime_files, files);
    if (!figures) return figures.take_error();
    report(options, "The app's layer: " + std::to_string(figures->entries) + " entries, " +
                        megabytes(figures->bytes) + " (" + std::to_string(figures->same) +
                        " files are the runtime's)");
    return lock->epoch;
}

}  // namespace sandbox::builder

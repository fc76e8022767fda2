#pragma once

// Runtimes and apps made of Debian packages (docs/RUNTIMES.md).
//
// A manifest's top-level "debian" object names the packages; a lock file beside the manifest pins
// each one to a version and the sha256 of its .deb, so the same lock always gives the same tree
// (and the same commit). The lock is made by resolve_lock() when absent or on --update-lock; the
// tree is made by build_debian_tree() from exactly the locked .debs, as the calling user, without
// privileges (mmdebstrap in unshare mode: the user needs a /etc/subuid and /etc/subgid range).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

// The manifest's "debian" object (top level, for runtimes and apps):
//   "debian": {"suite": "bookworm", "sources": ["deb URI SUITE COMPONENTS", ...],
//              "packages": ["bash", ...], "lock": "NAME.lock"}
struct DebianSpec {
    std::string suite = "bookworm";
    // One-line "deb URI SUITE COMPONENTS" entries; parse_manifest fills in the default when the
    // manifest has none: deb.debian.org bookworm and bookworm-updates, and debian-security
    // bookworm-security, component main.
    std::vector<std::string> sources;
    // What to install; their dependencies follow (Depends and Pre-Depends, never Recommends).
    std::vector<std::string> packages;
    // The lock file. load_manifest() fills in the default: beside the manifest, NAME.lock for
    // NAME.json. A "lock" key in the manifest is relative to the manifest's directory.
    std::filesystem::path lock;
};

std::vector<std::string> default_debian_sources(const std::string& suite);

struct LockedPackage {
    std::string name;
    std::string version;
    std::string architecture;  // amd64, all, ...
    std::string sha256;        // of the .deb
    std::string filename;      // its path in the mirror's pool, "pool/main/b/bash/bash_5.2...deb"
};

struct DebianLock {
    std::string suite;
    std::vector<std::string> sources;
    std::int64_t epoch = 0;               // SOURCE_DATE_EPOCH of the build (and the commit's time)
    std::vector<LockedPackage> packages;  // sorted by name
};

// The lock's file format is JSON (docs/RUNTIMES.md). Reading is strict: an unknown key, a package
// without version or sha256, or packages out of order is one error line naming the file.
Result<DebianLock> read_lock(const std::filesystem::path& file);
// Written to a temporary file beside `file`, then renamed over it.
Status write_lock(const std::filesystem::path& file, const DebianLock& lock);

// Resolves spec.packages (plus the Essential set, for a runtime) against the mirrors to exact
// versions, without root (apt with a private configuration). With `base` (an app's runtime lock),
// the base's packages are held at their locked versions and only what the app adds is returned.
// The new lock's suite and sources are the spec's; its epoch is the time of resolution.
Result<DebianLock> resolve_lock(const DebianSpec& spec, const DebianLock* base);

// The lock for `spec`: read from spec.lock when it exists (and checked against the spec: same
// suite and sources, every package the spec names locked), else resolved (resolve_lock) and
// written there; `update` (--update-lock) always re-resolves, keeping the file as it is when
// nothing changed. `step` reports progress (may be empty).
Result<DebianLock> ensure_lock(const DebianSpec& spec, bool update, const DebianLock* base,
                               const std::function<void(const std::string&)>& step);

// A complete root filesystem for exactly `packages` (maintainer scripts and triggers run), owned
// by the calling user, without /usr/share/{doc,man,info} (copyright files kept) and without
// device nodes, at `dest` (which must not exist; on failure nothing is left there). The
// .debs are downloaded from `lock_for_sources_and_epoch.sources`, verified against each package's
// sha256 and kept in `cache` (a directory, created when absent) for the next build. A version the
// mirror no longer has fails with one line naming the package and version and saying
// --update-lock. SOURCE_DATE_EPOCH is the lock's epoch.
Status build_debian_tree(const std::vector<LockedPackage>& packages,
                         const DebianLock& lock_for_sources_and_epoch,
                         const std::filesystem::path& dest, const std::filesystem::path& cache);

// Where build_debian_tree keeps downloaded .debs by default: $XDG_CACHE_HOME/sandbox/debs
// (~/.cache/sandbox/debs).
std::filesystem::path default_deb_cache();

}  // namespace sandbox::builder

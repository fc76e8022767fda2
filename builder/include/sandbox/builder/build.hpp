#pragma once

// `sandbox build`: stage a manifest's modules into files/, write metadata and export/, and commit
// the tree to a repository (archive mode, so any web server can serve it) under
// app/ID/ARCH/BRANCH or runtime/ID/ARCH/BRANCH, then update the repository's summary.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sandbox/builder/manifest.hpp"
#include "sandbox/common/error.hpp"
#include "sandbox/store/layout.hpp"

namespace sandbox::builder {

struct BuildOptions {
    std::filesystem::path repo;
    std::string branch_override;  // --branch: wins over the manifest's
    // Where the SDK that build-commands run on is installed, in order of preference.
    std::vector<store::InstallationLocation> installations;
    std::filesystem::path launcher;  // sandbox-launch
    std::function<void(const std::string&)> step;
    // Debian builds (docs/RUNTIMES.md): --update-lock re-resolves the lock; downloaded .debs are
    // kept in deb_cache (empty: default_deb_cache()).
    bool update_lock = false;
    std::filesystem::path deb_cache;
};

struct BuildResult {
    std::string ref;
    std::string commit;
};

Result<BuildResult> build(const Manifest& manifest, const BuildOptions& options);

// The metadata file (Flatpak's keyfile format) the manifest describes, for `arch`.
Result<std::string> manifest_metadata(const Manifest& manifest, const std::string& branch,
                                      const std::string& arch);

}  // namespace sandbox::builder

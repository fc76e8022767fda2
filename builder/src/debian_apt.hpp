#pragma once

// apt with a private configuration (its own state, lists, cache and an empty dpkg status, no
// locks), run as the calling user: resolution and downloads without root and without touching
// the host's apt. The mirrors are checked with the host's Debian archive keyring.

#include <filesystem>
#include <string>
#include <vector>

#include "debian_support.hpp"
#include "sandbox/builder/debian.hpp"

namespace sandbox::builder {

struct PackageId {
    std::string name, version, architecture;
};

class PrivateApt {
  public:
    // Writes the configuration for `sources` and runs apt-get update.
    static Result<PrivateApt> open(const std::vector<std::string>& sources);

    // What `apt-get install` would install on an empty system for `arguments` (names, patterns,
    // NAME=VERSION), in apt's order.
    Result<std::vector<PackageId>> simulate_install(const std::vector<std::string>& arguments);

    // Each NAME=VERSION's pool path and sha256, from the mirror's index.
    Result<std::vector<LockedPackage>> describe(const std::vector<PackageId>& packages);

    // Downloads NAME=VERSION .debs into `dir` (apt checks them against the index). A version the
    // mirror no longer has is one error line naming it.
    Status download(const std::vector<PackageId>& packages, const std::filesystem::path& dir);

  private:
    explicit PrivateApt(TempDir dir) : dir_(std::move(dir)) {}
    Result<ProgramOutput> apt(const std::string& program, const std::vector<std::string>& args,
                              const std::filesystem::path& cwd = {});
    TempDir dir_;
};

std::string pin(const PackageId& package);

}  // namespace sandbox::builder

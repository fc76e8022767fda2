#pragma once

// An installation's OSTree repository (mode bare-user-only: works unprivileged, and a checkout
// can hardlink every file to its object) and the operations on it: remotes, pulls, deployments,
// pruning. The deployments' layout is layout.hpp's; reading them needs no repository
// (deployment.hpp).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/store/deployment.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/metadata.hpp"
#include "sandbox/store/progress.hpp"
#include "sandbox/store/ref.hpp"

struct OstreeRepo;

namespace sandbox::store {

struct RemoteOptions {
    std::string name;
    std::string url;  // file://, http:// or https://
    bool gpg_verify = true;
    std::optional<std::filesystem::path> gpg_key_file;  // imported as the remote's trusted keys
    bool if_not_exists = false;
};

struct RemoteInfo {
    std::string name;
    std::string url;
    bool gpg_verify = true;
};

struct RemoteRef {
    std::string remote;
    Ref ref;
    std::string commit;
};

struct PruneResult {
    int objects_pruned = 0;
    std::uint64_t bytes_freed = 0;
};

enum class OpenMode { Existing, CreateIfMissing };

class Installation {
  public:
    // Opens the installation's repository; with CreateIfMissing, creates the base directory and
    // the repository first. A missing installation opened Existing is an error naming it.
    static Result<Installation> open(const InstallationLocation& location, OpenMode mode);
    static bool exists(const InstallationLocation& location);

    Installation(Installation&& other) noexcept;
    Installation& operator=(Installation&& other) noexcept;
    Installation(const Installation&) = delete;
    Installation& operator=(const Installation&) = delete;
    ~Installation();

    [[nodiscard]] const InstallationLocation& location() const { return location_; }
    [[nodiscard]] OstreeRepo* repo() const { return repo_; }

    // Remotes (remotes.cpp).
    Status add_remote(const RemoteOptions& options);
    Result<std::vector<RemoteInfo>> remotes() const;
    Result<RemoteInfo> remote(const std::string& name) const;
    Status delete_remote(const std::string& name);
    // The refs the remote's summary lists (apps and runtimes only), sorted.
    Result<std::vector<RemoteRef>> remote_refs(const std::string& remote) const;

    // Pulling (pull.cpp): fetches `ref` from `remote` into the repository, which then holds the
    // commit and the ref REMOTE:REF; returns the commit. Nothing deployed changes.
    Result<std::string> pull(const std::string& remote, const Ref& ref,
                             const ProgressCallback& progress);
    // What REMOTE:REF (or REF, for an empty remote) points at in the repository, if anything.
    Result<std::optional<std::string>> repo_ref(const std::string& remote, const Ref& ref) const;
    // Points REMOTE:REF at `commit`, or deletes it for nullopt (undoing a pull that is not used).
    Status set_repo_ref(const std::string& remote, const Ref& ref,
                        const std::optional<std::string>& commit);
    // The `metadata` file at the root of a commit in the repository.
    Result<Metadata> commit_metadata(const std::string& commit, const Ref& ref) const;

    // Deploying (deploy.cpp): checks the commit out (every file a hardlink to its object) into a
    // temporary directory, renames it to COMMIT, switches `active` atomically, then removes the
    // previous deployment. Killed at any point, the previous deployment stays whole and active.
    Result<Deployment> deploy(const Ref& ref, const std::string& commit, const std::string& origin);
    // Finishes what a killed deploy left: removes every deployment of `ref` but the active one
    // and temporary leftovers, and points the local ref at the active commit.
    Status tidy(const Ref& ref);
    // Removes the deployment (active link first) and the ref's repository refs, then prunes.
    Status uninstall(const Ref& ref);
    // Deletes every object no ref reaches.
    Result<PruneResult> prune();

    // Bundles (bundle.cpp): writes the bundle's commit into the repository under the local ref.
    Result<std::string> import_bundle(const std::filesystem::path& file, const Ref& ref);

  private:
    Installation(InstallationLocation location, OstreeRepo* repo);

    InstallationLocation location_;
    OstreeRepo* repo_ = nullptr;
};

// An exclusive lock on the installation (flock on BASE/.lock) for as long as it lives, so that
// two commands never change one installation at once. Released by the kernel if we are killed.
class InstallationLock {
  public:
    static Result<InstallationLock> acquire(const InstallationLocation& location);
    InstallationLock(InstallationLock&&) noexcept = default;
    InstallationLock& operator=(InstallationLock&&) noexcept = default;

  private:
    explicit InstallationLock(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

}  // namespace sandbox::store

#pragma once

// The user-level operations on an installation, each all-or-nothing as far as what is deployed:
// everything is pulled into the repository first, then deployed runtime before app, each switch
// atomic; on failure the refs a command pulled are set back and the repository pruned, and a
// runtime it deployed for an app that then failed is removed again. Each operation holds the
// installation's lock.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/store/installation.hpp"
#include "sandbox/store/progress.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::store {

// How an operation talks to the user: one line per step, the progress of each pull, and what
// the metadata of a pulled ref holds that this version skips.
struct InstallReporter {
    std::function<void(const std::string&)> step;
    ProgressCallback progress;
    std::function<void(const std::string&)> warning;
};

struct InstallRequest {
    std::string remote;  // empty: look in every remote
    PartialRef what;
};

class Installer {
  public:
    Installer(Installation& installation, InstallReporter reporter);

    // Installs what `request` names (exactly one ref must match) and the runtime an app needs
    // (from the same remote, else any remote that has it).
    Status install(const InstallRequest& request);
    // Installs a bundle file (bundle.hpp); an app's runtime must be installed or in a remote.
    Status install_bundle(const std::filesystem::path& file);
    // Pulls and deploys a newer commit of each installed ref `which` names (all when empty),
    // runtimes first; prunes what the old commits alone used.
    Status update(const std::vector<PartialRef>& which);
    // Removes an installed ref. A runtime an installed app uses is kept unless `force`.
    Status uninstall(const PartialRef& which, bool force);
    // Removes a remote; refused while installed refs come from it, unless `force`.
    Status delete_remote(const std::string& name, bool force);

    // The refs of every remote that matches `partial` (for messages and for choosing).
    Result<std::vector<RemoteRef>> find_in_remotes(const std::string& remote,
                                                   const PartialRef& partial);

  private:
    struct PulledRef {
        std::string remote;
        Ref ref;
        std::optional<std::string> previous;  // what REMOTE:REF pointed at before
    };
    struct Pulled {
        std::string remote;
        Ref ref;
        std::string commit;
    };

    Result<std::vector<RemoteRef>> cached_remote_refs(const std::string& remote);
    Result<Pulled> pull(const std::string& remote, const Ref& ref);
    Result<std::optional<Pulled>> pull_runtime_if_missing(const Metadata& app,
                                                          const std::string& preferred_remote);
    Result<RemoteRef> find_runtime(const Ref& runtime, const std::string& preferred_remote);
    Status deploy_all(const std::optional<Pulled>& runtime, const Pulled& main);
    Status update_one(const Deployment& deployment);
    void roll_back();
    void step(const std::string& line) const;
    void warn_about(const Metadata& metadata) const;

    Installation& installation_;
    InstallReporter reporter_;
    std::vector<PulledRef> pulled_;
    std::map<std::string, std::vector<RemoteRef>> remote_refs_;
};

}  // namespace sandbox::store

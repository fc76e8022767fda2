#include "sandbox/store/installer.hpp"

#include <algorithm>

#include "desktop_exports.hpp"
#include "sandbox/store/bundle.hpp"
#include "sandbox/store/deployment.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

std::string join_refs(const std::vector<RemoteRef>& refs) {
    std::string text;
    for (const auto& found : refs)
        text += (text.empty() ? "" : ", ") + found.remote + " " + found.ref.str();
    return text;
}

bool is_installed(const InstallationLocation& location, const Ref& ref) {
    auto deployment = find_deployment(location, ref);
    return deployment && deployment->has_value();
}

}  // namespace

Installer::Installer(Installation& installation, InstallReporter reporter)
    : installation_(installation), reporter_(std::move(reporter)) {}

void Installer::step(const std::string& line) const {
    if (reporter_.step) reporter_.step(line);
}

void Installer::warn_about(const Metadata& metadata) const {
    if (!reporter_.warning) return;
    for (const std::string& warning : metadata.warnings) reporter_.warning(warning);
}

Result<std::vector<RemoteRef>> Installer::cached_remote_refs(const std::string& remote) {
    if (auto found = remote_refs_.find(remote); found != remote_refs_.end()) return found->second;
    auto refs = installation_.remote_refs(remote);
    if (!refs) return refs.take_error();
    remote_refs_[remote] = *refs;
    return refs;
}

Result<std::vector<RemoteRef>> Installer::find_in_remotes(const std::string& remote,
                                                          const PartialRef& partial) {
    std::vector<std::string> names;
    if (!remote.empty()) {
        names.push_back(remote);
    } else {
        auto remotes = installation_.remotes();
        if (!remotes) return remotes.take_error();
        for (const auto& info : *remotes) names.push_back(info.name);
        if (names.empty())
            return usage_error("No remotes are configured to find " + partial.str() +
                               " in (add one with 'sandbox remote-add NAME URL')");
    }
    std::vector<RemoteRef> found;
    std::optional<Error> unreachable;
    for (const auto& name : names) {
        auto refs = cached_remote_refs(name);
        if (!refs) {
            unreachable = refs.take_error();
            continue;
        }
        for (const auto& candidate : *refs)
            if (matches(partial, candidate.ref, default_arch())) found.push_back(candidate);
    }
    if (found.empty() && unreachable) return *unreachable;
    return found;
}

Result<Installer::Pulled> Installer::pull(const std::string& remote, const Ref& ref) {
    auto previous = installation_.repo_ref(remote, ref);
    if (!previous) return previous.take_error();
    pulled_.push_back({remote, ref, *previous});
    step("Pulling " + ref.str() + " from " + remote);
    auto commit = installation_.pull(remote, ref, reporter_.progress);
    if (!commit) return commit.take_error();
    return Pulled{remote, ref, *commit};
}

void Installer::roll_back() {
    for (auto it = pulled_.rbegin(); it != pulled_.rend(); ++it)
        (void)installation_.set_repo_ref(it->remote, it->ref, it->previous);
    if (!pulled_.empty()) (void)installation_.prune();
    pulled_.clear();
}

Result<RemoteRef> Installer::find_runtime(const Ref& runtime, const std::string& preferred) {
    PartialRef exact{runtime.kind, runtime.id, runtime.arch, runtime.branch};
    if (!preferred.empty()) {
        auto same_remote = find_in_remotes(preferred, exact);
        if (same_remote && !same_remote->empty()) return same_remote->front();
    }
    auto anywhere = find_in_remotes("", exact);
    if (anywhere && !anywhere->empty()) return anywhere->front();
    std::string why = anywhere ? "" : " (" + anywhere.error().message() + ")";
    return usage_error("Runtime " + runtime.str() +
                       " is not installed and no remote has it; add a remote that has it, or "
                       "install it from a bundle, then try again" +
                       why);
}

Result<std::optional<Installer::Pulled>> Installer::pull_runtime_if_missing(
    const Metadata& app, const std::string& preferred_remote) {
    if (app.kind != RefKind::App || !app.runtime) return std::optional<Pulled>();
    if (is_installed(installation_.location(), *app.runtime)) return std::optional<Pulled>();
    auto source = find_runtime(*app.runtime, preferred_remote);
    if (!source) return source.take_error();
    auto pulled = pull(source->remote, source->ref);
    if (!pulled) return pulled.take_error();
    auto metadata = installation_.commit_metadata(pulled->commit, pulled->ref);
    if (!metadata) return metadata.take_error();
    warn_about(*metadata);
    return std::optional<Pulled>(*pulled);
}

Status Installer::deploy_all(const std::optional<Pulled>& runtime, const Pulled& main) {
    if (runtime) {
        step("Deploying " + runtime->ref.str());
        auto deployed = installation_.deploy(runtime->ref, runtime->commit, runtime->remote);
        if (!deployed) return deployed.take_error();
    }
    step("Deploying " + main.ref.str());
    auto deployed = installation_.deploy(main.ref, main.commit, main.remote);
    if (!deployed) {
        if (runtime) (void)installation_.uninstall(runtime->ref);
        return deployed.take_error();
    }
    export_deployment(*deployed, reporter_);
    step("Installed " + main.ref.str() + " (commit " + main.commit.substr(0, 12) + ")");
    return ok_status();
}

Status Installer::install(const InstallRequest& request) {
    auto lock = InstallationLock::acquire(installation_.location());
    if (!lock) return lock.take_error();
    auto found = find_in_remotes(request.remote, request.what);
    if (!found) return found.take_error();
    std::string where = request.remote.empty() ? "any remote" : "remote " + request.remote;
    if (found->empty())
        return usage_error("Nothing matches " + request.what.str() + " in " + where +
                           " (see 'sandbox remote-ls')");
    if (found->size() > 1)
        return usage_error(request.what.str() + " matches several refs: " + join_refs(*found) +
                           "; name one: sandbox install REMOTE REF");
    const RemoteRef& chosen = found->front();
    if (is_installed(installation_.location(), chosen.ref)) {
        step(chosen.ref.str() + " is already installed (see 'sandbox update')");
        return ok_status();
    }
    Status status = [&]() -> Status {
        auto main = pull(chosen.remote, chosen.ref);
        if (!main) return main.take_error();
        auto metadata = installation_.commit_metadata(main->commit, main->ref);
        if (!metadata) return metadata.take_error();
        warn_about(*metadata);
        auto runtime = pull_runtime_if_missing(*metadata, chosen.remote);
        if (!runtime) return runtime.take_error();
        return deploy_all(*runtime, *main);
    }();
    if (!status) roll_back();
    return status;
}

Status Installer::install_bundle(const std::filesystem::path& file) {
    auto lock = InstallationLock::acquire(installation_.location());
    if (!lock) return lock.take_error();
    auto header = read_bundle_header(file);
    if (!header) return header.take_error();
    auto metadata = parse_metadata(header->metadata, "metadata of bundle " + file.string());
    if (!metadata) return metadata.take_error();
    warn_about(*metadata);
    if (metadata->kind != header->ref.kind || metadata->name != header->ref.id)
        return usage_error("Bundle " + file.string() + " is inconsistent: its metadata is not " +
                           header->ref.str() + "'s");
    Status status = [&]() -> Status {
        auto runtime = pull_runtime_if_missing(*metadata, "");
        if (!runtime) return runtime.take_error();
        auto previous = installation_.repo_ref("", header->ref);
        if (!previous) return previous.take_error();
        pulled_.push_back({"", header->ref, *previous});
        step("Importing " + header->ref.str() + " from " + file.string());
        auto commit = installation_.import_bundle(file, header->ref);
        if (!commit) return commit.take_error();
        auto committed = installation_.commit_metadata(*commit, header->ref);
        if (!committed) return committed.take_error();
        if (committed->text != header->metadata)
            return usage_error("Bundle " + file.string() +
                               " is inconsistent: the metadata in its header and in its commit "
                               "differ");
        return deploy_all(*runtime, Pulled{"", header->ref, *commit});
    }();
    if (!status) roll_back();
    return status;
}

Status Installer::update_one(const Deployment& deployment) {
    if (deployment.origin.empty()) {
        step(deployment.ref.str() + " was installed from a bundle; nothing to update it from");
        return ok_status();
    }
    auto pulled = pull(deployment.origin, deployment.ref);
    if (!pulled) return pulled.take_error();
    if (pulled->commit == deployment.commit) {
        step(deployment.ref.str() + " is up to date");
        return installation_.tidy(deployment.ref);
    }
    auto metadata = installation_.commit_metadata(pulled->commit, pulled->ref);
    if (!metadata) return metadata.take_error();
    warn_about(*metadata);
    auto runtime = pull_runtime_if_missing(*metadata, deployment.origin);
    if (!runtime) return runtime.take_error();
    return deploy_all(*runtime, *pulled);
}

Status Installer::update(const std::vector<PartialRef>& which) {
    auto lock = InstallationLock::acquire(installation_.location());
    if (!lock) return lock.take_error();
    auto deployments = list_deployments(installation_.location());
    if (!deployments) return deployments.take_error();
    for (const auto& partial : which) {
        bool any = std::any_of(deployments->begin(), deployments->end(), [&](const auto& d) {
            return matches(partial, d.ref, default_arch());
        });
        if (!any) return usage_error(partial.str() + " is not installed (see 'sandbox list')");
    }
    // Runtimes first: an updated app may need its runtime's newer commit.
    std::stable_partition(deployments->begin(), deployments->end(),
                          [](const Deployment& d) { return d.ref.kind == RefKind::Runtime; });
    for (const auto& deployment : *deployments) {
        bool wanted = which.empty() || std::any_of(which.begin(), which.end(), [&](const auto& p) {
                          return matches(p, deployment.ref, default_arch());
                      });
        if (!wanted) continue;
        Status status = update_one(deployment);
        if (!status) {
            roll_back();
            return status;
        }
        pulled_.clear();
    }
    auto pruned = installation_.prune();
    if (!pruned) return pruned.take_error();
    return ok_status();
}

Status Installer::uninstall(const PartialRef& which, bool force) {
    auto lock = InstallationLock::acquire(installation_.location());
    if (!lock) return lock.take_error();
    auto deployment = find_installed(installation_.location(), which);
    if (!deployment) return deployment.take_error();
    if (deployment->ref.kind == RefKind::Runtime && !force) {
        auto deployments = list_deployments(installation_.location());
        if (!deployments) return deployments.take_error();
        for (const auto& app : *deployments) {
            if (app.ref.kind != RefKind::App) continue;
            auto metadata = read_metadata(app);
            if (metadata && metadata->runtime == deployment->ref)
                return usage_error("Runtime " + deployment->ref.str() + " is used by " +
                                   app.ref.str() +
                                   "; uninstall that first, or pass --force-remove");
        }
    }
    SANDBOX_TRY(installation_.uninstall(deployment->ref));
    unexport_ref(installation_.location(), deployment->ref, reporter_);
    step("Uninstalled " + deployment->ref.str());
    return ok_status();
}

Status Installer::delete_remote(const std::string& name, bool force) {
    auto lock = InstallationLock::acquire(installation_.location());
    if (!lock) return lock.take_error();
    auto info = installation_.remote(name);
    if (!info) return info.take_error();
    auto deployments = list_deployments(installation_.location());
    if (!deployments) return deployments.take_error();
    for (const auto& deployment : *deployments)
        if (deployment.origin == name && !force)
            return usage_error("Remote " + name + " is in use by installed " +
                               deployment.ref.str() + "; uninstall it first, or pass --force");
    return installation_.delete_remote(name);
}

}  // namespace sandbox::store

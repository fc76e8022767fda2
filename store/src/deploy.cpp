// Deployments: checkout into a hidden temporary directory, rename into place, switch `active`
// with a symlink made under a temporary name and renamed over it, and only then remove what was
// there before. Whatever point a deploy is killed at, `active` names a whole tree.

#include <fcntl.h>
#include <ostree.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "file_tree.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/installation.hpp"
#include "sandbox/store/text.hpp"
#include "test_points.hpp"

namespace sandbox::store {
namespace {

namespace fs = std::filesystem;

// Leftovers of a killed deploy or removal in the ref's directory.
void remove_leftovers(const fs::path& dir) {
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) {
        std::string name = entry.path().filename().string();
        if (name.starts_with(".tmp-") || name.starts_with(".removing-") ||
            name.starts_with(".active-"))
            (void)remove_tree(entry.path());
    }
}

Status checkout(OstreeRepo* repo, const std::string& commit, const fs::path& destination) {
    OstreeRepoCheckoutAtOptions options{};
    options.mode = OSTREE_REPO_CHECKOUT_MODE_USER;
    options.overwrite_mode = OSTREE_REPO_CHECKOUT_OVERWRITE_NONE;
    // Hardlinks only: one copy of each file across every app and runtime.
    options.no_copy_fallback = TRUE;
    options.bareuseronly_dirs = TRUE;
    GErrorSlot error;
    if (!ostree_repo_checkout_at(repo, &options, AT_FDCWD, destination.c_str(), commit.c_str(),
                                 nullptr, error.out()))
        return error.to_error("Can't check out commit " + commit);
    return ok_status();
}

Status write_file(const fs::path& path, const std::string& content) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << content;
    file.close();
    if (!file) return system_error("Can't write " + path.string());
    return ok_status();
}

// What Flatpak adds to a checkout: files/.ref (the lock file `run` may take) and an export/ dir.
Status complete_tree(const fs::path& tree, const Ref& ref) {
    std::error_code error;
    if (!fs::is_directory(tree / "files", error))
        return usage_error(ref.str() + " has no files/ directory; it is not an app or a runtime");
    fs::create_directories(tree / "export", error);
    if (error) return system_error("Can't create " + (tree / "export").string(), error.value());
    return write_file(tree / "files" / ".ref", "");
}

Status switch_active(const fs::path& ref_directory, const std::string& commit) {
    fs::path temporary = ref_directory / (".active-" + std::to_string(::getpid()));
    fs::path active = ref_directory / "active";
    ::unlink(temporary.c_str());
    if (::symlink(commit.c_str(), temporary.c_str()) != 0)
        return system_error("Can't create " + temporary.string());
    if (::rename(temporary.c_str(), active.c_str()) != 0) {
        int code = errno;
        ::unlink(temporary.c_str());
        return system_error("Can't switch " + active.string(), code);
    }
    sync_filesystem(ref_directory);
    return ok_status();
}

// Removes every deployment of the ref but `keep`: the one a switch replaced, and any a killed
// command left behind.
Status remove_other_deployments(const fs::path& ref_directory, const std::string& keep) {
    std::error_code ignored;
    std::vector<fs::path> others;
    for (const auto& entry : fs::directory_iterator(ref_directory, ignored)) {
        std::string name = entry.path().filename().string();
        if (name != keep && is_valid_commit(name)) others.push_back(entry.path());
    }
    for (const auto& other : others) SANDBOX_TRY(remove_tree_atomically(other));
    return ok_status();
}

// Removes BASE/KIND/ID/ARCH/BRANCH and its parents up to BASE/KIND while they are empty.
void remove_empty_parents(const fs::path& ref_directory, int levels) {
    fs::path dir = ref_directory;
    for (int i = 0; i < levels; ++i) {
        if (::rmdir(dir.c_str()) != 0) return;
        dir = dir.parent_path();
    }
}

}  // namespace

Result<Deployment> Installation::deploy(const Ref& ref, const std::string& commit,
                                        const std::string& origin) {
    fs::path ref_directory = ref_dir(location_, ref);
    std::error_code error;
    fs::create_directories(ref_directory, error);
    if (error) return system_error("Can't create " + ref_directory.string(), error.value());
    remove_leftovers(ref_directory);

    fs::path target = deployment_dir(location_, ref, commit);
    if (!fs::exists(target / kDeploymentInfoFile, error)) {
        SANDBOX_TRY(remove_tree(target));
        fs::path temporary = ref_directory / (".tmp-" + commit);
        SANDBOX_TRY(checkout(repo_, commit, temporary));
        test_stop_point("after-checkout");
        SANDBOX_TRY(complete_tree(temporary, ref));
        DeploymentInfo info{ref, commit, origin, tree_size(temporary)};
        SANDBOX_TRY(write_file(temporary / kDeploymentInfoFile, format_deployment_info(info)));
        sync_filesystem(temporary);
        if (::rename(temporary.c_str(), target.c_str()) != 0)
            return system_error("Can't move the deployment into " + target.string());
    }
    test_stop_point("before-switch");
    SANDBOX_TRY(switch_active(ref_directory, commit));
    SANDBOX_TRY(set_repo_ref("", ref, commit));
    test_stop_point("after-switch");
    SANDBOX_TRY(remove_other_deployments(ref_directory, commit));
    auto deployed = find_deployment(location_, ref);
    if (!deployed) return deployed.take_error();
    return **deployed;
}

Status Installation::tidy(const Ref& ref) {
    auto deployment = find_deployment(location_, ref);
    if (!deployment) return deployment.take_error();
    if (!*deployment) return ok_status();
    fs::path ref_directory = ref_dir(location_, ref);
    remove_leftovers(ref_directory);
    SANDBOX_TRY(remove_other_deployments(ref_directory, (*deployment)->commit));
    return set_repo_ref("", ref, (*deployment)->commit);
}

Status Installation::uninstall(const Ref& ref) {
    auto deployment = find_deployment(location_, ref);
    if (!deployment) return deployment.take_error();
    if (!*deployment) return usage_error(ref.str() + " is not installed (see 'sandbox list')");
    fs::path ref_directory = ref_dir(location_, ref);
    fs::path active = active_deployment(location_, ref);
    if (::unlink(active.c_str()) != 0) return system_error("Can't remove " + active.string());
    sync_filesystem(ref_directory);
    test_stop_point("uninstall-after-unlink");
    SANDBOX_TRY(remove_tree_atomically((*deployment)->dir));
    remove_leftovers(ref_directory);
    remove_empty_parents(ref_directory, 3);
    test_stop_point("uninstall-after-remove");

    GHashTable* table = nullptr;
    GErrorSlot error;
    if (!ostree_repo_list_refs_ext(repo_, nullptr, &table, OSTREE_REPO_LIST_REFS_EXT_NONE, nullptr,
                                   error.out()))
        return error.to_error("Can't list the refs of " + location_.base.string());
    GHashTablePtr refs(table);
    GHashTableIter iter;
    gpointer key = nullptr;
    g_hash_table_iter_init(&iter, refs.get());
    const std::string name = ref.str();
    while (g_hash_table_iter_next(&iter, &key, nullptr)) {
        std::string_view full = static_cast<const char*>(key);
        std::size_t colon = full.find(':');
        std::string remote =
            colon == std::string_view::npos ? "" : std::string(full.substr(0, colon));
        std::string_view ref_part = colon == std::string_view::npos ? full : full.substr(colon + 1);
        if (ref_part == name) SANDBOX_TRY(set_repo_ref(remote, ref, std::nullopt));
    }
    test_stop_point("uninstall-before-prune");
    auto pruned = prune();
    if (!pruned) return pruned.take_error();
    return ok_status();
}

namespace {

// A failed pull leaves state/COMMIT.commitpartial (so that it can resume); once the prune has
// removed what it fetched, the marker points at nothing.
void forget_pruned_partial_commits(OstreeRepo* repo, const fs::path& repo_path) {
    std::error_code ignored;
    const std::string suffix = ".commitpartial";
    for (const auto& entry : fs::directory_iterator(repo_path / "state", ignored)) {
        std::string name = entry.path().filename().string();
        if (!name.ends_with(suffix)) continue;
        std::string commit = name.substr(0, name.size() - suffix.size());
        gboolean present = FALSE;
        if (is_valid_commit(commit) &&
            ostree_repo_has_object(repo, OSTREE_OBJECT_TYPE_COMMIT, commit.c_str(), &present,
                                   nullptr, nullptr) &&
            !present)
            ostree_repo_mark_commit_partial(repo, commit.c_str(), FALSE, nullptr);
    }
}

}  // namespace

Result<PruneResult> Installation::prune() {
    gint total = 0;
    gint pruned = 0;
    guint64 freed = 0;
    GErrorSlot error;
    if (!ostree_repo_prune(repo_, OSTREE_REPO_PRUNE_FLAGS_REFS_ONLY, 0, &total, &pruned, &freed,
                           nullptr, error.out()))
        return error.to_error("Can't prune the repository of " + location_.base.string());
    forget_pruned_partial_commits(repo_, repo_dir(location_));
    return PruneResult{pruned, freed};
}

}  // namespace sandbox::store

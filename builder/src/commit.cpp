#include "commit.hpp"

#include <fcntl.h>
#include <ostree.h>

#include <cstdlib>

#include "sandbox/store/glib_handles.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::GErrorSlot;
using store::GObjectPtr;

struct ModifierUnref {
    void operator()(OstreeRepoCommitModifier* modifier) const {
        ostree_repo_commit_modifier_unref(modifier);
    }
};

Result<GObjectPtr<OstreeRepo>> open_or_create(const fs::path& path) {
    GErrorSlot error;
    std::error_code ignored;
    if (!fs::exists(path / "config", ignored)) {
        fs::create_directories(path, ignored);
        GObjectPtr<OstreeRepo> created(ostree_repo_create_at(
            AT_FDCWD, path.c_str(), OSTREE_REPO_MODE_ARCHIVE, nullptr, nullptr, error.out()));
        if (!created) return error.to_error("Can't create repository " + path.string());
        return created;
    }
    GObjectPtr<OstreeRepo> repo(ostree_repo_open_at(AT_FDCWD, path.c_str(), nullptr, error.out()));
    if (!repo) return error.to_error("Can't open repository " + path.string());
    return repo;
}

store::GVariantPtr commit_metadata(const std::string& metadata) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&builder, "{sv}", "xa.metadata", g_variant_new_string(metadata.c_str()));
    return store::sink(g_variant_builder_end(&builder));
}

// SOURCE_DATE_EPOCH when set, so that the same inputs can make the same commit.
guint64 commit_time(const CommitOptions& options) {
    if (options.reproducible_time) return guint64(*options.reproducible_time);
    const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
    if (epoch != nullptr && *epoch != '\0') return std::strtoull(epoch, nullptr, 10);
    return guint64(g_get_real_time() / G_USEC_PER_SEC);
}

Result<std::string> write_commit(OstreeRepo* repo, const fs::path& tree, const std::string& ref,
                                 const std::string& metadata, const std::string& subject,
                                 const CommitOptions& options) {
    GErrorSlot error;
    GObjectPtr<OstreeMutableTree> mtree(ostree_mutable_tree_new());
    auto flags = OSTREE_REPO_COMMIT_MODIFIER_FLAGS_CANONICAL_PERMISSIONS;
    if (options.reproducible_time)
        flags =
            OstreeRepoCommitModifierFlags(flags | OSTREE_REPO_COMMIT_MODIFIER_FLAGS_SKIP_XATTRS);
    std::unique_ptr<OstreeRepoCommitModifier, ModifierUnref> modifier(
        ostree_repo_commit_modifier_new(flags, nullptr, nullptr, nullptr));
    GObjectPtr<GFile> directory(g_file_new_for_path(tree.c_str()));
    if (!ostree_repo_write_directory_to_mtree(repo, directory.get(), mtree.get(), modifier.get(),
                                              nullptr, error.out()))
        return error.to_error("Can't commit " + tree.string());
    GFile* root_out = nullptr;
    if (!ostree_repo_write_mtree(repo, mtree.get(), &root_out, nullptr, error.out()))
        return error.to_error("Can't commit " + tree.string());
    GObjectPtr<GFile> root(root_out);
    char* parent = nullptr;
    if (!options.reproducible_time)
        ostree_repo_resolve_rev(repo, ref.c_str(), TRUE, &parent, nullptr);
    store::GCharPtr owned_parent(parent);
    store::GVariantPtr commit_data = commit_metadata(metadata);
    char* commit_out = nullptr;
    if (!ostree_repo_write_commit_with_time(
            repo, parent, subject.c_str(), nullptr, commit_data.get(), OSTREE_REPO_FILE(root.get()),
            commit_time(options), &commit_out, nullptr, error.out()))
        return error.to_error("Can't commit " + ref);
    store::GCharPtr commit(commit_out);
    ostree_repo_transaction_set_ref(repo, nullptr, ref.c_str(), commit.get());
    return std::string(commit.get());
}

}  // namespace

Result<std::string> commit_tree(const fs::path& repo_path, const fs::path& tree,
                                const std::string& ref, const std::string& metadata,
                                const std::string& subject, const CommitOptions& options) {
    auto repo = open_or_create(repo_path);
    if (!repo) return repo.take_error();
    GErrorSlot error;
    if (!ostree_repo_prepare_transaction(repo->get(), nullptr, nullptr, error.out()))
        return error.to_error("Can't write to repository " + repo_path.string());
    auto commit = write_commit(repo->get(), tree, ref, metadata, subject, options);
    if (!commit) {
        ostree_repo_abort_transaction(repo->get(), nullptr, nullptr);
        return commit.take_error();
    }
    if (!ostree_repo_commit_transaction(repo->get(), nullptr, nullptr, error.out()))
        return error.to_error("Can't write to repository " + repo_path.string());
    if (!ostree_repo_regenerate_summary(repo->get(), nullptr, nullptr, error.out()))
        return error.to_error("Can't update the summary of " + repo_path.string());
    return commit;
}

}  // namespace sandbox::builder

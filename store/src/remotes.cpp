// Remotes live in the repository's config, as OSTree keeps them; `gpg-verify` (and, as Flatpak
// does for remotes without a collection ID, `gpg-verify-summary`) follow --no-gpg-verify.

#include <ostree.h>

#include <algorithm>

#include "network_watchdog.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/installation.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

bool is_valid_remote_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name[0] == '-' || name[0] == '.') return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

Status check_remote_name(std::string_view name) {
    if (is_valid_remote_name(name)) return ok_status();
    return usage_error("Invalid remote name '" + printable(name) +
                       "': use letters, digits, '.', '_' and '-'");
}

Status check_url(std::string_view url) {
    bool known =
        url.starts_with("file:///") || url.starts_with("http://") || url.starts_with("https://");
    bool clean = std::none_of(url.begin(), url.end(), [](char c) {
        return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
    });
    if (known && clean) return ok_status();
    return usage_error("Invalid remote URL '" + printable(url) +
                       "': use file:///ABSOLUTE/PATH, http://HOST/PATH or https://HOST/PATH");
}

GVariantPtr remote_config(bool gpg_verify) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&builder, "{s@v}", "gpg-verify",
                          g_variant_new_variant(g_variant_new_boolean(gpg_verify)));
    g_variant_builder_add(&builder, "{s@v}", "gpg-verify-summary",
                          g_variant_new_variant(g_variant_new_boolean(gpg_verify)));
    return sink(g_variant_builder_end(&builder));
}

Status import_gpg_key(OstreeRepo* repo, const std::string& remote,
                      const std::filesystem::path& key_file) {
    GObjectPtr<GFile> file(g_file_new_for_path(key_file.c_str()));
    GErrorSlot error;
    GObjectPtr<GFileInputStream> stream(g_file_read(file.get(), nullptr, error.out()));
    if (!stream) return error.to_error("Can't read the GPG key " + key_file.string());
    guint imported = 0;
    if (!ostree_repo_remote_gpg_import(repo, remote.c_str(), G_INPUT_STREAM(stream.get()), nullptr,
                                       &imported, nullptr, error.out()))
        return error.to_error("Can't import the GPG key " + key_file.string());
    if (imported == 0) return usage_error("No GPG key found in " + key_file.string());
    return ok_status();
}

// OSTree's GPG messages point at its config file; ours name the command that fixes it.
Error with_gpg_hint(Error error) {
    if (error.what.find("GPG") != std::string::npos)
        error.what +=
            " (if the remote is not signed, re-add it with --no-gpg-verify; if it is, "
            "with --gpg-import=KEYFILE)";
    return error;
}

// The remote's refs (name → commit), fetched under a NetworkWatchdog.
Result<GHashTablePtr> list_refs_watched(OstreeRepo* repo, const std::string& remote,
                                        const std::string& failure) {
    NetworkWatchdog watchdog;
    GHashTable* table = nullptr;
    GErrorSlot error;
    if (ostree_repo_remote_list_refs(repo, remote.c_str(), &table, nullptr, error.out()))
        return GHashTablePtr(table);
    if (watchdog.fired()) return usage_error(failure + ": " + watchdog.reason());
    return with_gpg_hint(error.to_error(failure));
}

bool has_remote(OstreeRepo* repo, const std::string& name) {
    guint count = 0;
    GStrvPtr names(ostree_repo_remote_list(repo, &count));
    for (guint i = 0; i < count; ++i)
        if (name == names.get()[i]) return true;
    return false;
}

}  // namespace

Status Installation::add_remote(const RemoteOptions& options) {
    SANDBOX_TRY(check_remote_name(options.name));
    SANDBOX_TRY(check_url(options.url));
    if (has_remote(repo_, options.name)) {
        if (options.if_not_exists) return ok_status();
        return usage_error("Remote " + options.name +
                           " already exists (remove it with 'sandbox remote-delete " +
                           options.name + "', or pass --if-not-exists)");
    }
    GVariantPtr config = remote_config(options.gpg_verify);
    GErrorSlot error;
    if (!ostree_repo_remote_change(repo_, nullptr, OSTREE_REPO_REMOTE_CHANGE_ADD,
                                   options.name.c_str(), options.url.c_str(), config.get(), nullptr,
                                   error.out()))
        return error.to_error("Can't add remote " + options.name);
    if (options.gpg_key_file) {
        if (auto imported = import_gpg_key(repo_, options.name, *options.gpg_key_file); !imported) {
            ostree_repo_remote_change(repo_, nullptr, OSTREE_REPO_REMOTE_CHANGE_DELETE,
                                      options.name.c_str(), nullptr, nullptr, nullptr, nullptr);
            return imported.take_error();
        }
    }
    return ok_status();
}

Result<RemoteInfo> Installation::remote(const std::string& name) const {
    SANDBOX_TRY(check_remote_name(name));
    if (!has_remote(repo_, name))
        return usage_error("No remote named " + name + " (see 'sandbox remotes')");
    RemoteInfo info{name, "", true};
    GErrorSlot error;
    char* url = nullptr;
    if (!ostree_repo_remote_get_url(repo_, name.c_str(), &url, error.out()))
        return error.to_error("Can't read remote " + name);
    info.url = GCharPtr(url).get();
    gboolean verify = TRUE;
    if (!ostree_repo_remote_get_gpg_verify(repo_, name.c_str(), &verify, error.out()))
        return error.to_error("Can't read remote " + name);
    info.gpg_verify = verify;
    return info;
}

Result<std::vector<RemoteInfo>> Installation::remotes() const {
    guint count = 0;
    GStrvPtr names(ostree_repo_remote_list(repo_, &count));
    std::vector<RemoteInfo> found;
    for (guint i = 0; i < count; ++i) {
        auto info = remote(names.get()[i]);
        if (!info) return info.take_error();
        found.push_back(std::move(*info));
    }
    std::sort(found.begin(), found.end(),
              [](const RemoteInfo& a, const RemoteInfo& b) { return a.name < b.name; });
    return found;
}

Status Installation::delete_remote(const std::string& name) {
    SANDBOX_TRY(check_remote_name(name));
    if (!has_remote(repo_, name))
        return usage_error("No remote named " + name + " (see 'sandbox remotes')");
    GErrorSlot error;
    if (!ostree_repo_remote_change(repo_, nullptr, OSTREE_REPO_REMOTE_CHANGE_DELETE, name.c_str(),
                                   nullptr, nullptr, nullptr, error.out()))
        return error.to_error("Can't delete remote " + name);
    return ok_status();
}

Result<std::vector<RemoteRef>> Installation::remote_refs(const std::string& remote_name) const {
    auto info = remote(remote_name);
    if (!info) return info.take_error();
    auto listed = list_refs_watched(
        repo_, remote_name, "Can't list remote " + remote_name + " (" + printable(info->url) + ")");
    if (!listed) return listed.take_error();
    GHashTablePtr refs = std::move(*listed);
    std::vector<RemoteRef> found;
    GHashTableIter iter;
    gpointer key = nullptr;
    gpointer value = nullptr;
    g_hash_table_iter_init(&iter, refs.get());
    while (g_hash_table_iter_next(&iter, &key, &value)) {
        auto ref = parse_ref(static_cast<const char*>(key));
        if (ref)  // other refs (appstream/..., ostree-metadata) are not ours to list
            found.push_back({remote_name, *ref, static_cast<const char*>(value)});
    }
    std::sort(found.begin(), found.end(),
              [](const RemoteRef& a, const RemoteRef& b) { return a.ref.str() < b.ref.str(); });
    return found;
}

}  // namespace sandbox::store

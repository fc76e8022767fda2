#include "sandbox/store/bundle.hpp"

#include <fcntl.h>
#include <ostree.h>

#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/installation.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

namespace fs = std::filesystem;

constexpr guint32 kFlatpakBundleMagic = 0xe5890001;

// libostree keeps the superblock's type private; Flatpak spells it out the same way.
#define SANDBOX_DELTA_META_ENTRY_FORMAT "(uayttay)"
#define SANDBOX_DELTA_FALLBACK_FORMAT "(yaytt)"
constexpr const char* kSuperblockFormat =
    "(a{sv}tayay" OSTREE_COMMIT_GVARIANT_STRING "aya" SANDBOX_DELTA_META_ENTRY_FORMAT
    "a" SANDBOX_DELTA_FALLBACK_FORMAT ")";

struct GMappedFileUnref {
    void operator()(GMappedFile* file) const { g_mapped_file_unref(file); }
};

std::string lookup_string(GVariant* dictionary, const char* key) {
    const char* value = nullptr;
    if (!g_variant_lookup(dictionary, key, "&s", &value)) return "";
    return value;
}

Result<GVariantPtr> read_superblock(const fs::path& file) {
    GErrorSlot error;
    std::unique_ptr<GMappedFile, GMappedFileUnref> mapped(
        g_mapped_file_new(file.c_str(), FALSE, error.out()));
    if (!mapped) return error.to_error("Can't read bundle " + file.string());
    GBytesPtr bytes(g_mapped_file_get_bytes(mapped.get()));
    // GVariant reads untrusted serialised data safely: a malformed file yields empty values, which
    // read_bundle_header then refuses.
    return sink(g_variant_new_from_bytes(G_VARIANT_TYPE(kSuperblockFormat), bytes.get(), FALSE));
}

GVariantPtr bundle_metadata(const Ref& ref, const std::string& metadata) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
    // First, so it is the file's header, as Flatpak writes it.
    g_variant_builder_add(&builder, "{sv}", "flatpak", g_variant_new_uint32(kFlatpakBundleMagic));
    g_variant_builder_add(&builder, "{sv}", "ref", g_variant_new_string(ref.str().c_str()));
    if (!metadata.empty())
        g_variant_builder_add(&builder, "{sv}", "metadata", g_variant_new_string(metadata.c_str()));
    g_variant_builder_add(&builder, "{sv}", "collection-id", g_variant_new_string(""));
    return sink(g_variant_builder_end(&builder));
}

GVariantPtr delta_parameters(const fs::path& file) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&builder, "{sv}", "min-fallback-size", g_variant_new_uint32(0));
    g_variant_builder_add(&builder, "{sv}", "compression", g_variant_new_byte('x'));
    g_variant_builder_add(&builder, "{sv}", "bsdiff-enabled", g_variant_new_boolean(FALSE));
    g_variant_builder_add(&builder, "{sv}", "inline-parts", g_variant_new_boolean(TRUE));
    g_variant_builder_add(&builder, "{sv}", "include-detached", g_variant_new_boolean(TRUE));
    g_variant_builder_add(&builder, "{sv}", "filename", g_variant_new_bytestring(file.c_str()));
    return sink(g_variant_builder_end(&builder));
}

Result<std::string> commit_metadata_text(OstreeRepo* repo, const std::string& commit) {
    GFile* root_file = nullptr;
    GErrorSlot error;
    if (!ostree_repo_read_commit(repo, commit.c_str(), &root_file, nullptr, nullptr, error.out()))
        return error.to_error("Can't read commit " + commit);
    GObjectPtr<GFile> root(root_file);
    GObjectPtr<GFile> file(g_file_get_child(root.get(), "metadata"));
    char* contents = nullptr;
    gsize length = 0;
    if (!g_file_load_contents(file.get(), nullptr, &contents, &length, nullptr, nullptr))
        return std::string();
    GCharPtr owned(contents);
    return std::string(contents, length);
}

}  // namespace

Result<BundleHeader> read_bundle_header(const fs::path& file) {
    auto superblock = read_superblock(file);
    if (!superblock) return superblock.take_error();
    GVariantPtr metadata(g_variant_get_child_value(superblock->get(), 0));
    GVariantPtr to_checksum(g_variant_get_child_value(superblock->get(), 3));
    GErrorSlot error;
    if (!ostree_validate_structureof_csum_v(to_checksum.get(), error.out()))
        return usage_error(file.string() + " is not a bundle (no valid commit in its header)");
    auto ref = parse_ref(lookup_string(metadata.get(), "ref"));
    if (!ref) return usage_error(file.string() + " is not a bundle: " + ref.error().message());
    GCharPtr commit(ostree_checksum_from_bytes_v(to_checksum.get()));
    return BundleHeader{*ref, commit.get(), lookup_string(metadata.get(), "metadata")};
}

Status write_bundle(const fs::path& repo_path, const Ref& ref, const fs::path& file) {
    GErrorSlot error;
    GObjectPtr<OstreeRepo> repo(
        ostree_repo_open_at(AT_FDCWD, repo_path.c_str(), nullptr, error.out()));
    if (!repo) return error.to_error("Can't open repository " + repo_path.string());
    char* commit_out = nullptr;
    if (!ostree_repo_resolve_rev(repo.get(), ref.str().c_str(), FALSE, &commit_out, error.out()))
        return usage_error(ref.str() + " is not in repository " + repo_path.string());
    std::string commit = GCharPtr(commit_out).get();
    auto metadata = commit_metadata_text(repo.get(), commit);
    if (!metadata) return metadata.take_error();
    fs::path temporary = file.string() + ".part";
    GVariantPtr header = bundle_metadata(ref, *metadata);
    GVariantPtr parameters = delta_parameters(temporary);
    if (!ostree_repo_static_delta_generate(repo.get(), OSTREE_STATIC_DELTA_GENERATE_OPT_LOWLATENCY,
                                           nullptr, commit.c_str(), header.get(), parameters.get(),
                                           nullptr, error.out())) {
        std::filesystem::remove(temporary);
        return error.to_error("Can't write bundle " + file.string());
    }
    if (::rename(temporary.c_str(), file.c_str()) != 0)
        return system_error("Can't write bundle " + file.string());
    return ok_status();
}

Result<std::string> Installation::import_bundle(const fs::path& file, const Ref& ref) {
    auto header = read_bundle_header(file);
    if (!header) return header.take_error();
    GObjectPtr<GFile> bundle(g_file_new_for_path(file.c_str()));
    GErrorSlot error;
    if (!ostree_repo_prepare_transaction(repo_, nullptr, nullptr, error.out()))
        return error.to_error("Can't write to the repository of " + location_.base.string());
    ostree_repo_transaction_set_ref(repo_, nullptr, ref.str().c_str(), header->commit.c_str());
    if (!ostree_repo_static_delta_execute_offline(repo_, bundle.get(), FALSE, nullptr,
                                                  error.out())) {
        ostree_repo_abort_transaction(repo_, nullptr, nullptr);
        return error.to_error("Can't install bundle " + file.string());
    }
    if (!ostree_repo_commit_transaction(repo_, nullptr, nullptr, error.out()))
        return error.to_error("Can't install bundle " + file.string());
    return header->commit;
}

}  // namespace sandbox::store

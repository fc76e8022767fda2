// Pulling with OSTree, reporting progress. The pull runs in a main context of its own, made
// thread-default before the OstreeAsyncProgress is created: the progress emits "changed" from
// that context, which the pull iterates.

#include <ostree.h>

#include <algorithm>

#include "network_watchdog.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/installation.hpp"
#include "sandbox/store/text.hpp"
#include "test_points.hpp"

namespace sandbox::store {
namespace {

constexpr guint kProgressIntervalMs = 200;

std::uint64_t progress_number(OstreeAsyncProgress* progress, const char* key) {
    GVariantPtr value(ostree_async_progress_get_variant(progress, key));
    if (!value) return 0;
    if (g_variant_is_of_type(value.get(), G_VARIANT_TYPE_UINT32))
        return g_variant_get_uint32(value.get());
    if (g_variant_is_of_type(value.get(), G_VARIANT_TYPE_UINT64))
        return g_variant_get_uint64(value.get());
    return 0;
}

class ProgressReporter {
  public:
    explicit ProgressReporter(const ProgressCallback& callback) : callback_(callback) {}

    static void on_changed(OstreeAsyncProgress* progress, gpointer self) {
        static_cast<ProgressReporter*>(self)->report(progress, false);
    }

    void report(OstreeAsyncProgress* progress, bool done) {
        if (!callback_) return;
        PullProgress state;
        state.bytes = progress_number(progress, "bytes-transferred");
        state.objects_fetched = static_cast<std::uint32_t>(progress_number(progress, "fetched"));
        state.objects_requested =
            static_cast<std::uint32_t>(progress_number(progress, "requested"));
        state.done = done;
        percent_ = std::max(percent_, done ? 100u : current_percent(progress, state));
        state.percent = percent_;
        std::uint64_t start = progress_number(progress, "start-time");
        double seconds = start > 0 ? double(g_get_monotonic_time() - gint64(start)) / 1e6 : 0;
        state.bytes_per_second = seconds > 0.05 ? double(state.bytes) / seconds : 0;
        callback_(state);
    }

  private:
    static unsigned current_percent(OstreeAsyncProgress* progress, const PullProgress& state) {
        std::uint64_t delta_total = progress_number(progress, "total-delta-part-size");
        if (delta_total > 0)
            return unsigned(std::min<std::uint64_t>(
                99, progress_number(progress, "fetched-delta-part-size") * 100 / delta_total));
        if (state.objects_requested == 0) return 0;
        return unsigned(std::min<std::uint64_t>(
            99, std::uint64_t(state.objects_fetched) * 100 / state.objects_requested));
    }

    const ProgressCallback& callback_;
    unsigned percent_ = 0;
};

// Makes a main context thread-default for as long as it lives.
class ScopedMainContext {
  public:
    ScopedMainContext() : context_(g_main_context_new()) {
        g_main_context_push_thread_default(context_);
    }
    ScopedMainContext(const ScopedMainContext&) = delete;
    ScopedMainContext& operator=(const ScopedMainContext&) = delete;
    ~ScopedMainContext() {
        g_main_context_pop_thread_default(context_);
        g_main_context_unref(context_);
    }

  private:
    GMainContext* context_;
};

GVariantPtr pull_options(const Ref& ref) {
    const std::string name = ref.str();
    const char* refs[] = {name.c_str(), nullptr};
    // Objects from a file:// remote are checksummed too (UNTRUSTED): a local repository can be
    // as corrupt as a remote one. BAREUSERONLY_FILES refuses setuid and world-writable files.
    auto flags = OstreeRepoPullFlags(OSTREE_REPO_PULL_FLAGS_UNTRUSTED |
                                     OSTREE_REPO_PULL_FLAGS_BAREUSERONLY_FILES);
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
    g_variant_builder_add(&builder, "{s@v}", "refs",
                          g_variant_new_variant(g_variant_new_strv(refs, -1)));
    g_variant_builder_add(&builder, "{s@v}", "flags",
                          g_variant_new_variant(g_variant_new_int32(flags)));
    g_variant_builder_add(&builder, "{s@v}", "update-frequency",
                          g_variant_new_variant(g_variant_new_uint32(kProgressIntervalMs)));
    return sink(g_variant_builder_end(&builder));
}

std::string pull_failure(const std::string& remote, const std::string& url, const Ref& ref) {
    return "Can't pull " + ref.str() + " from remote " + remote + " (" + printable(url) + ")";
}

// OSTree stops short of filling the disk (min-free-space-percent) before the kernel does.
bool is_out_of_space(const GErrorSlot& error) {
    return error.matches(G_IO_ERROR, G_IO_ERROR_NO_SPACE) ||
           error.message().find("min-free-space") != std::string::npos;
}

// The pull under a NetworkWatchdog; when that gave up, its reason replaces OSTree's error.
Status pull_watched(OstreeRepo* repo, const std::string& remote, GVariant* options,
                    OstreeAsyncProgress* progress, const std::string& failure) {
    NetworkWatchdog watchdog;
    GErrorSlot error;
    bool pulled = ostree_repo_pull_with_options(repo, remote.c_str(), options, progress, nullptr,
                                                error.out());
    ostree_async_progress_finish(progress);
    if (pulled) return ok_status();
    if (watchdog.fired()) return usage_error(failure + ": " + watchdog.reason());
    if (is_out_of_space(error)) return error.to_error(failure + ": not enough disk space");
    return error.to_error(failure);
}

}  // namespace

Result<std::string> Installation::pull(const std::string& remote_name, const Ref& ref,
                                       const ProgressCallback& progress_callback) {
    auto info = remote(remote_name);
    if (!info) return info.take_error();
    ScopedMainContext context;
    ProgressReporter reporter(progress_callback);
    GObjectPtr<OstreeAsyncProgress> progress(
        ostree_async_progress_new_and_connect(&ProgressReporter::on_changed, &reporter));
    GVariantPtr options = pull_options(ref);
    SANDBOX_TRY(pull_watched(repo_, remote_name, options.get(), progress.get(),
                             pull_failure(remote_name, info->url, ref)));
    reporter.report(progress.get(), true);
    auto commit = repo_ref(remote_name, ref);
    if (!commit) return commit.take_error();
    if (!*commit) return usage_error(pull_failure(remote_name, info->url, ref) + ": no commit");
    test_stop_point("after-pull");
    return **commit;
}

Result<std::optional<std::string>> Installation::repo_ref(const std::string& remote,
                                                          const Ref& ref) const {
    std::string name = remote.empty() ? ref.str() : remote + ":" + ref.str();
    char* commit = nullptr;
    GErrorSlot error;
    if (!ostree_repo_resolve_rev(repo_, name.c_str(), TRUE, &commit, error.out()))
        return error.to_error("Can't read ref " + name);
    GCharPtr owned(commit);
    if (!owned) return std::optional<std::string>();
    return std::optional<std::string>(owned.get());
}

Status Installation::set_repo_ref(const std::string& remote, const Ref& ref,
                                  const std::optional<std::string>& commit) {
    GErrorSlot error;
    if (!ostree_repo_set_ref_immediate(repo_, remote.empty() ? nullptr : remote.c_str(),
                                       ref.str().c_str(), commit ? commit->c_str() : nullptr,
                                       nullptr, error.out()))
        return error.to_error("Can't update ref " + ref.str());
    return ok_status();
}

Result<Metadata> Installation::commit_metadata(const std::string& commit, const Ref& ref) const {
    GFile* root_file = nullptr;
    GErrorSlot error;
    if (!ostree_repo_read_commit(repo_, commit.c_str(), &root_file, nullptr, nullptr, error.out()))
        return error.to_error("Can't read commit " + commit + " of " + ref.str());
    GObjectPtr<GFile> root(root_file);
    GObjectPtr<GFile> file(g_file_get_child(root.get(), "metadata"));
    char* contents = nullptr;
    gsize length = 0;
    if (!g_file_load_contents(file.get(), nullptr, &contents, &length, nullptr, error.out()))
        return usage_error(ref.str() + " has no metadata file; it is not an app or a runtime");
    GCharPtr owned(contents);
    auto metadata = parse_metadata(std::string_view(contents, length), "metadata of " + ref.str());
    if (!metadata) return metadata.take_error();
    if (metadata->kind != ref.kind || metadata->name != ref.id)
        return usage_error("The metadata of " + ref.str() + " describes " +
                           (metadata->kind == RefKind::App ? "app " : "runtime ") +
                           printable(metadata->name) + ", not this ref");
    return metadata;
}

}  // namespace sandbox::store

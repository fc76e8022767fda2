#include "handler_apps.hpp"

#include <fcntl.h>
#include <gio/gdesktopappinfo.h>
#include <gio/gio.h>
#include <unistd.h>

#include <array>
#include <memory>

#include "exec_line.hpp"
#include "handler_spawn.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kDesktopSuffix = ".desktop";

std::string id_without_suffix(GAppInfo* app) {
    const char* id = g_app_info_get_id(app);
    std::string text = id != nullptr ? id : "";
    if (text.ends_with(kDesktopSuffix))
        text.resize(text.size() - std::string(kDesktopSuffix).size());
    return text;
}

template <typename T>
struct GObjectDeleter {
    void operator()(T* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter<T>>;

// GIO queues completions (of its session bus flushes, its desktop file monitors) on the default
// main context; the portal's loop is sdbus-c++'s, so they are run here, or they pile up.
void run_pending_glib_work() {
    while (g_main_context_iteration(nullptr, FALSE)) {
    }
}

std::string string_key(GDesktopAppInfo* app, const char* key) {
    std::unique_ptr<char, decltype(&g_free)> value(g_desktop_app_info_get_string(app, key),
                                                   &g_free);
    return value ? std::string(value.get()) : std::string();
}

// The local path of a file:// URI; empty for anything else.
std::string local_path_of(const std::string& uri) {
    if (!uri.starts_with("file://")) return {};
    std::unique_ptr<char, decltype(&g_free)> path(
        g_filename_from_uri(uri.c_str(), nullptr, nullptr), &g_free);
    return path ? std::string(path.get()) : std::string();
}

}  // namespace

Handlers handlers_for(const std::string& content_type) {
    Handlers handlers;
    GList* all = g_app_info_get_all_for_type(content_type.c_str());
    for (GList* item = all; item != nullptr; item = item->next) {
        std::string id = id_without_suffix(G_APP_INFO(item->data));
        if (!id.empty()) handlers.ids.push_back(std::move(id));
    }
    g_list_free_full(all, g_object_unref);
    if (GObjectPtr<GAppInfo> fallback{g_app_info_get_default_for_type(content_type.c_str(), FALSE)})
        handlers.default_id = id_without_suffix(fallback.get());
    run_pending_glib_work();
    return handlers;
}

Status launch_handler(const std::string& handler_id, const std::string& uri,
                      const std::string& activation_token) {
    GObjectPtr<GDesktopAppInfo> app{g_desktop_app_info_new((handler_id + kDesktopSuffix).c_str())};
    if (!app) return usage_error("No application " + handler_id);
    const char* file = g_desktop_app_info_get_filename(app.get());
    const char* name = g_app_info_get_name(G_APP_INFO(app.get()));
    DesktopEntryFacts entry{string_key(app.get(), "Exec"), name != nullptr ? name : "",
                            string_key(app.get(), "Icon"), file != nullptr ? file : ""};
    auto argv = expand_exec_line(entry, ExecTarget{uri, local_path_of(uri)});
    run_pending_glib_work();
    if (!argv) return argv.take_error();
    SpawnRequest spawn{std::move(*argv), string_key(app.get(), "Path"), {}};
    if (!activation_token.empty())
        spawn.extra_environment.push_back("XDG_ACTIVATION_TOKEN=" + activation_token);
    return spawn_detached(spawn);
}

std::string content_type_of(int fd, const std::string& name) {
    std::array<char, 4096> head{};
    ssize_t length = 0;
    // Reopened for reading: the caller's fd may be O_PATH. It was checked to be a regular file.
    auto readable = open_path(AT_FDCWD, "/proc/self/fd/" + std::to_string(fd),
                              O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (readable) length = ::pread(readable->get(), head.data(), head.size(), 0);
    gboolean uncertain = FALSE;
    std::unique_ptr<char, decltype(&g_free)> type(
        g_content_type_guess(name.c_str(), reinterpret_cast<const guchar*>(head.data()),
                             length > 0 ? static_cast<gsize>(length) : 0, &uncertain),
        &g_free);
    std::unique_ptr<char, decltype(&g_free)> mime(
        type ? g_content_type_get_mime_type(type.get()) : nullptr, &g_free);
    return mime ? mime.get() : "application/octet-stream";
}

}  // namespace sandbox::portals

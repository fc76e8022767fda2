#include "handler_apps.hpp"

#include <fcntl.h>
#include <gio/gdesktopappinfo.h>
#include <gio/gio.h>
#include <unistd.h>

#include <array>
#include <memory>

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
    return handlers;
}

Status launch_handler(const std::string& handler_id, const std::string& uri,
                      const std::string& activation_token) {
    GObjectPtr<GDesktopAppInfo> app{g_desktop_app_info_new((handler_id + kDesktopSuffix).c_str())};
    if (!app) return usage_error("No application " + handler_id);
    GObjectPtr<GAppLaunchContext> context{g_app_launch_context_new()};
    if (!activation_token.empty())
        g_app_launch_context_setenv(context.get(), "XDG_ACTIVATION_TOKEN",
                                    activation_token.c_str());
    GList uris{};
    uris.data = const_cast<char*>(uri.c_str());
    GError* error = nullptr;
    if (!g_app_info_launch_uris(G_APP_INFO(app.get()), &uris, context.get(), &error)) {
        std::string message = error != nullptr ? error->message : "failed";
        g_clear_error(&error);
        return usage_error("Could not start " + handler_id + ": " + message);
    }
    return ok_status();
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

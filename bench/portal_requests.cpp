#include "portal_requests.hpp"

#include <stdexcept>

namespace sandbox::bench {
namespace {

constexpr const char* kPortalName = "org.freedesktop.portal.Desktop";
constexpr const char* kPortalPath = "/org/freedesktop/portal/desktop";
constexpr guint kResponseTimeoutSeconds = 30;

}  // namespace

PortalRequests::PortalRequests(GDBusConnection* connection)
    : connection_(connection), context_(g_main_context_new()) {
    // Signals are dispatched to the context that is the thread's default at subscription.
    g_main_context_push_thread_default(context_);
    subscription_ = g_dbus_connection_signal_subscribe(
        connection_, kPortalName, "org.freedesktop.portal.Request", "Response", nullptr, nullptr,
        G_DBUS_SIGNAL_FLAGS_NONE, on_response, this, nullptr);
    g_main_context_pop_thread_default(context_);
}

PortalRequests::~PortalRequests() {
    g_dbus_connection_signal_unsubscribe(connection_, subscription_);
    while (g_main_context_iteration(context_, FALSE)) {
    }
    g_main_context_unref(context_);
}

void PortalRequests::on_response(GDBusConnection*, const gchar*, const gchar* path, const gchar*,
                                 const gchar*, GVariant* parameters, gpointer self) {
    guint32 code = 2;
    g_variant_get(parameters, "(ua{sv})", &code, nullptr);
    static_cast<PortalRequests*>(self)->responses_[path] = code;
}

guint32 PortalRequests::open_uri(const std::string& uri) {
    return request("org.freedesktop.portal.OpenURI", "OpenURI",
                   g_variant_new("(ss)", "", uri.c_str()));
}

guint32 PortalRequests::open_file() {
    return request("org.freedesktop.portal.FileChooser", "OpenFile",
                   g_variant_new("(ss)", "", "Bench"));
}

guint32 PortalRequests::request(const char* interface, const char* method,
                                GVariant* arguments_but_options) {
    g_variant_ref_sink(arguments_but_options);
    const std::string token = "bench" + std::to_string(next_token_++);
    GVariantBuilder arguments;
    g_variant_builder_init(&arguments, G_VARIANT_TYPE_TUPLE);
    for (gsize i = 0; i < g_variant_n_children(arguments_but_options); ++i) {
        GVariant* child = g_variant_get_child_value(arguments_but_options, i);
        g_variant_builder_add_value(&arguments, child);
        g_variant_unref(child);
    }
    g_variant_unref(arguments_but_options);
    GVariantBuilder options;
    g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));
    g_variant_builder_add_value(&arguments, g_variant_builder_end(&options));

    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(
        connection_, kPortalName, kPortalPath, interface, method, g_variant_builder_end(&arguments),
        G_VARIANT_TYPE("(o)"), G_DBUS_CALL_FLAGS_NONE, -1, nullptr, &error);
    if (reply == nullptr) {
        std::string message = std::string(interface) + "." + method + ": " + error->message;
        g_error_free(error);
        throw std::runtime_error(message);
    }
    const gchar* handle_text = nullptr;
    g_variant_get(reply, "(&o)", &handle_text);
    const std::string handle = handle_text;
    g_variant_unref(reply);
    return wait_for_response(handle);
}

guint32 PortalRequests::wait_for_response(const std::string& handle) {
    bool timed_out = false;
    GSource* timeout = g_timeout_source_new_seconds(kResponseTimeoutSeconds);
    g_source_set_callback(
        timeout,
        [](gpointer flag) {
            *static_cast<bool*>(flag) = true;
            return G_SOURCE_REMOVE;
        },
        &timed_out, nullptr);
    g_source_attach(timeout, context_);
    auto answered = responses_.end();
    while ((answered = responses_.find(handle)) == responses_.end() && !timed_out)
        g_main_context_iteration(context_, TRUE);
    g_source_destroy(timeout);
    g_source_unref(timeout);
    if (timed_out) throw std::runtime_error("no Response on " + handle);
    const guint32 code = answered->second;
    responses_.erase(answered);
    return code;
}

}  // namespace sandbox::bench

#include "portal_bus.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

namespace portal_client {
namespace {

struct Waiting {
    GMainLoop* loop = nullptr;
    bool answered = false;
    Response response;
};

void on_response(GDBusConnection*, const gchar*, const gchar*, const gchar*, const gchar*,
                 GVariant* parameters, gpointer data) {
    auto* waiting = static_cast<Waiting*>(data);
    g_variant_get(parameters, "(u@a{sv})", &waiting->response.code, &waiting->response.results);
    waiting->answered = true;
    g_main_loop_quit(waiting->loop);
}

struct CloseLater {
    GDBusConnection* bus;
    std::string handle;
};

gboolean close_request(gpointer data) {
    auto* close = static_cast<CloseLater*>(data);
    g_dbus_connection_call(close->bus, kPortalName, close->handle.c_str(),
                           "org.freedesktop.portal.Request", "Close", nullptr, nullptr,
                           G_DBUS_CALL_FLAGS_NONE, -1, nullptr, nullptr, nullptr);
    return G_SOURCE_REMOVE;
}

}  // namespace

int report_call_error(const std::string& what, GError* error) {
    const int status = report_error(what, error);
    gchar* remote = g_dbus_error_get_remote_error(error);
    const bool refused =
        remote != nullptr && std::strcmp(remote, "org.freedesktop.portal.Error.NotAllowed") == 0;
    g_free(remote);
    g_error_free(error);
    return refused ? kExitRefused : status;
}

GDBusConnection* session_bus() {
    GError* error = nullptr;
    GDBusConnection* bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
    if (bus == nullptr) {
        report_error("session bus", error);
        g_error_free(error);
    }
    return bus;
}

std::string predicted_handle(GDBusConnection* bus, const std::string& token) {
    std::string sender = g_dbus_connection_get_unique_name(bus) + 1;
    std::replace(sender.begin(), sender.end(), '.', '_');
    return std::string(kPortalPath) + "/request/" + sender + "/" + token;
}

std::optional<Response> call_with_request(GDBusConnection* bus, const std::string& interface,
                                          const std::string& method,
                                          GVariant* arguments_but_options, GVariantBuilder* options,
                                          const CommonOptions& common) {
    const std::string token = "portal_client_" + std::to_string(::getpid());
    g_variant_builder_add(options, "{sv}", "handle_token", g_variant_new_string(token.c_str()));
    Waiting waiting;
    waiting.loop = g_main_loop_new(nullptr, FALSE);
    const std::string handle = predicted_handle(bus, token);
    const guint subscription = g_dbus_connection_signal_subscribe(
        bus, kPortalName, "org.freedesktop.portal.Request", "Response", handle.c_str(), nullptr,
        G_DBUS_SIGNAL_FLAGS_NONE, on_response, &waiting, nullptr);

    GVariantBuilder arguments;
    g_variant_builder_init(&arguments, G_VARIANT_TYPE_TUPLE);
    GVariantIter iter;
    g_variant_iter_init(&iter, arguments_but_options);
    while (GVariant* child = g_variant_iter_next_value(&iter)) {
        g_variant_builder_add_value(&arguments, child);
        g_variant_unref(child);
    }
    g_variant_builder_add_value(&arguments, g_variant_builder_end(options));
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(bus, kPortalName, kPortalPath, interface.c_str(),
                                                  method.c_str(), g_variant_builder_end(&arguments),
                                                  G_VARIANT_TYPE("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                                  nullptr, &error);
    std::optional<Response> result;
    if (reply == nullptr) {
        report_error(interface + "." + method, error);
        g_error_free(error);
    } else {
        const gchar* returned = nullptr;
        g_variant_get(reply, "(&o)", &returned);
        waiting.response.handle = returned;
        g_variant_unref(reply);
        CloseLater close{bus, waiting.response.handle};
        if (common.cancel_after_ms) g_timeout_add(*common.cancel_after_ms, close_request, &close);
        if (!waiting.answered) g_main_loop_run(waiting.loop);
        g_main_context_iteration(nullptr, FALSE);
        result = waiting.response;
    }
    g_dbus_connection_signal_unsubscribe(bus, subscription);
    g_main_loop_unref(waiting.loop);
    return result;
}

}  // namespace portal_client

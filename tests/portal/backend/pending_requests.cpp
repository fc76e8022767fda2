#include "pending_requests.hpp"

#include <map>
#include <memory>

#include "call_log.hpp"

namespace portal_test_backend {
namespace {

constexpr guint32 kResponseEnded = 2;

constexpr const char* kRequestXml = R"(<node>
  <interface name="org.freedesktop.impl.portal.Request">
    <method name="Close"/>
  </interface>
</node>)";

struct PendingCall {
    GDBusConnection* connection = nullptr;
    GDBusMethodInvocation* invocation = nullptr;
    std::string handle;
    guint32 response = 0;
    GVariant* results = nullptr;
    guint registration = 0;
    guint timeout = 0;
};

std::map<std::string, std::unique_ptr<PendingCall>>& pending_calls() {
    static std::map<std::string, std::unique_ptr<PendingCall>> calls;
    return calls;
}

GDBusInterfaceInfo* request_interface() {
    static GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kRequestXml, nullptr);
    return node->interfaces[0];
}

// Ends the pending call at `handle` with `response` (its own results unless ended early).
void finish(const std::string& handle, guint32 response, bool keep_results) {
    auto found = pending_calls().find(handle);
    if (found == pending_calls().end()) return;
    std::unique_ptr<PendingCall> call = std::move(found->second);
    pending_calls().erase(found);
    if (call->registration != 0)
        g_dbus_connection_unregister_object(call->connection, call->registration);
    if (call->timeout != 0) g_source_remove(call->timeout);
    GVariant* results =
        keep_results ? call->results : g_variant_new_array(G_VARIANT_TYPE("{sv}"), nullptr, 0);
    g_dbus_method_invocation_return_value(call->invocation,
                                          g_variant_new("(u@a{sv})", response, results));
    g_variant_unref(call->results);  // '@' took a reference of its own
}

gboolean on_delay_over(gpointer data) {
    auto* handle = static_cast<std::string*>(data);
    auto found = pending_calls().find(*handle);
    if (found != pending_calls().end()) {
        found->second->timeout = 0;
        finish(*handle, found->second->response, true);
    }
    return G_SOURCE_REMOVE;
}

void on_request_call(GDBusConnection*, const gchar* sender, const gchar* object_path,
                     const gchar* interface, const gchar* method, GVariant*,
                     GDBusMethodInvocation* invocation, gpointer) {
    log_call(std::string(interface) + "." + method,
             {{"handle", object_path}, {"sender", sender != nullptr ? sender : ""}});
    g_dbus_method_invocation_return_value(invocation, nullptr);
    finish(object_path, kResponseEnded, false);
}

const GDBusInterfaceVTable kRequestVtable = {on_request_call, nullptr, nullptr, {}};

}  // namespace

void answer_later(GDBusConnection* connection, GDBusMethodInvocation* invocation,
                  const std::string& handle, guint32 response, GVariant* results, guint delay_ms) {
    if (delay_ms == 0 || pending_calls().contains(handle)) {
        g_dbus_method_invocation_return_value(invocation,
                                              g_variant_new("(u@a{sv})", response, results));
        g_variant_unref(results);
        return;
    }
    auto call = std::make_unique<PendingCall>();
    call->connection = connection;
    call->invocation = invocation;
    call->handle = handle;
    call->response = response;
    call->results = results;
    GError* error = nullptr;
    call->registration = g_dbus_connection_register_object(
        connection, handle.c_str(), request_interface(), &kRequestVtable, nullptr, nullptr, &error);
    if (call->registration == 0) {
        g_printerr("portal-test-backend: cannot export a Request at %s: %s\n", handle.c_str(),
                   error->message);
        g_error_free(error);
    }
    // The key outlives the timeout: the map owns it until the call ends.
    auto [entry, inserted] = pending_calls().emplace(handle, std::move(call));
    entry->second->timeout =
        g_timeout_add(delay_ms, on_delay_over, const_cast<std::string*>(&entry->first));
}

}  // namespace portal_test_backend

// portal-test-backend [BUS-NAME]: a scripted org.freedesktop.impl.portal backend for the portal
// tests (tests/portal/README.md). It owns BUS-NAME (default org.freedesktop.impl.portal.Test) on
// the session bus, prints "ready" once it does, answers FileChooser, AppChooser and Access at
// /org/freedesktop/portal/desktop as script.hpp describes and logs every call (call_log.hpp).
#include <gio/gio.h>

#include <cstdio>
#include <string>

#include "call_log.hpp"
#include "pending_requests.hpp"
#include "script.hpp"

namespace portal_test_backend {
namespace {

constexpr const char* kDefaultName = "org.freedesktop.impl.portal.Test";
constexpr const char* kObjectPath = "/org/freedesktop/portal/desktop";
constexpr const char* kImplPrefix = "org.freedesktop.impl.portal.";

constexpr const char* kInterfacesXml = R"(<node>
  <interface name="org.freedesktop.impl.portal.FileChooser">
    <method name="OpenFile">
      <arg type="o" name="handle" direction="in"/><arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/><arg type="s" name="title" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/><arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="SaveFile">
      <arg type="o" name="handle" direction="in"/><arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/><arg type="s" name="title" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/><arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="SaveFiles">
      <arg type="o" name="handle" direction="in"/><arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/><arg type="s" name="title" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/><arg type="a{sv}" name="results" direction="out"/>
    </method>
  </interface>
  <interface name="org.freedesktop.impl.portal.AppChooser">
    <method name="ChooseApplication">
      <arg type="o" name="handle" direction="in"/><arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/><arg type="as" name="choices" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/><arg type="a{sv}" name="results" direction="out"/>
    </method>
    <method name="UpdateChoices">
      <arg type="o" name="handle" direction="in"/><arg type="as" name="choices" direction="in"/>
    </method>
  </interface>
  <interface name="org.freedesktop.impl.portal.Access">
    <method name="AccessDialog">
      <arg type="o" name="handle" direction="in"/><arg type="s" name="app_id" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/><arg type="s" name="title" direction="in"/>
      <arg type="s" name="subtitle" direction="in"/><arg type="s" name="body" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="u" name="response" direction="out"/><arg type="a{sv}" name="results" direction="out"/>
    </method>
  </interface>
</node>)";

std::string child_string(GVariant* parameters, gsize index) {
    GVariant* child = g_variant_get_child_value(parameters, index);
    std::string text = g_variant_is_of_type(child, G_VARIANT_TYPE_STRING) ||
                               g_variant_is_of_type(child, G_VARIANT_TYPE_OBJECT_PATH)
                           ? g_variant_get_string(child, nullptr)
                           : "";
    g_variant_unref(child);
    return text;
}

std::string child_text(GVariant* parameters, gsize index) {
    GVariant* child = g_variant_get_child_value(parameters, index);
    gchar* printed = g_variant_print(child, TRUE);
    std::string text = printed;
    g_free(printed);
    g_variant_unref(child);
    return text;
}

// The call's arguments as log fields, by the names the interface gives them.
LogFields fields_of(const GDBusMethodInfo* method, GVariant* parameters, const char* sender) {
    LogFields fields;
    for (gsize i = 0; method->in_args[i] != nullptr; ++i) {
        const GDBusArgInfo* arg = method->in_args[i];
        const bool plain = std::string(arg->signature) == "s" || std::string(arg->signature) == "o";
        fields.emplace_back(arg->name,
                            plain ? child_string(parameters, i) : child_text(parameters, i));
    }
    fields.emplace_back("sender", sender != nullptr ? sender : "");
    return fields;
}

void on_call(GDBusConnection* connection, const gchar* sender, const gchar*, const gchar* interface,
             const gchar* method, GVariant* parameters, GDBusMethodInvocation* invocation,
             gpointer) {
    const std::string member = std::string(interface) + "." + method;
    log_call(member,
             fields_of(g_dbus_method_invocation_get_method_info(invocation), parameters, sender));
    if (std::string(method) == "UpdateChoices") {
        g_dbus_method_invocation_return_value(invocation, nullptr);
        return;
    }
    const std::string short_interface =
        std::string(interface).substr(std::string(kImplPrefix).size());
    ScriptedReply reply = scripted_reply(short_interface, method);
    if (!reply.problem.empty()) {
        g_printerr("portal-test-backend: %s\n", reply.problem.c_str());
        g_dbus_method_invocation_return_dbus_error(invocation, "org.freedesktop.DBus.Error.Failed",
                                                   reply.problem.c_str());
        g_variant_unref(reply.results);
        return;
    }
    answer_later(connection, invocation, child_string(parameters, 0), reply.response, reply.results,
                 reply.delay_ms);
}

const GDBusInterfaceVTable kVtable = {on_call, nullptr, nullptr, {}};

void export_interfaces(GDBusConnection* connection) {
    GError* error = nullptr;
    GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kInterfacesXml, &error);
    if (node == nullptr) g_error("interfaces: %s", error->message);
    for (GDBusInterfaceInfo** interface = node->interfaces; *interface != nullptr; ++interface)
        if (g_dbus_connection_register_object(connection, kObjectPath, *interface, &kVtable,
                                              nullptr, nullptr, &error) == 0)
            g_error("cannot export %s: %s", (*interface)->name, error->message);
}

void on_name_acquired(GDBusConnection*, const gchar*, gpointer) {
    std::puts("ready");
    std::fflush(stdout);
}

void on_name_lost(GDBusConnection*, const gchar* name, gpointer loop) {
    g_printerr("portal-test-backend: cannot own %s (or lost the bus)\n", name);
    g_main_loop_quit(static_cast<GMainLoop*>(loop));
}

}  // namespace
}  // namespace portal_test_backend

int main(int argc, char** argv) {
    using namespace portal_test_backend;
    const char* name = argc > 1 ? argv[1] : kDefaultName;
    GError* error = nullptr;
    GDBusConnection* connection = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
    if (connection == nullptr) {
        g_printerr("portal-test-backend: session bus: %s\n", error->message);
        return 1;
    }
    export_interfaces(connection);
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    g_bus_own_name_on_connection(connection, name, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                 on_name_acquired, on_name_lost, loop, nullptr);
    g_main_loop_run(loop);
    return 1;
}

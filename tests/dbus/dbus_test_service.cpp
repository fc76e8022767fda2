// A service for the D-Bus tests: connects to the bus at ADDRESS, owns NAME and serves
// org.example.Test at /org/example/Test: Ping() → "pong"; WhoAmI() → what a portal would look at
// to identify the caller: /proc/PID/root/.flatpak-info of the caller's process (PID from the bus
// driver), or "no /.flatpak-info". It also plays the two at-spi parts the accessibility tests
// need: org.a11y.Bus.GetAddress() at /org/a11y/bus answers A11Y_ADDRESS (when given), and
// org.a11y.atspi.Registry.GetRegisteredEvents() at /org/a11y/atspi/registry answers [].
// Usage: dbus-test-service ADDRESS NAME [A11Y_ADDRESS]. Prints "ready" once it owns NAME; ends
// with the bus.
#include <gio/gio.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

namespace {

constexpr const char* kIntrospection =
    "<node><interface name='org.example.Test'>"
    "<method name='Ping'><arg type='s' direction='out'/></method>"
    "<method name='WhoAmI'><arg type='s' direction='out'/></method>"
    "</interface>"
    "<interface name='org.a11y.Bus'>"
    "<method name='GetAddress'><arg type='s' direction='out'/></method>"
    "</interface>"
    "<interface name='org.a11y.atspi.Registry'>"
    "<method name='GetRegisteredEvents'><arg type='a(ss)' direction='out'/></method>"
    "</interface></node>";

// The objects served, the interface each has (an index into kIntrospection's).
constexpr std::pair<const char*, int> kObjects[] = {
    {"/org/example/Test", 0}, {"/org/a11y/bus", 1}, {"/org/a11y/atspi/registry", 2}};

std::string take_message(GError* error) {
    std::string message = error != nullptr ? error->message : "unknown error";
    g_clear_error(&error);
    return message;
}

std::string caller_info(GDBusConnection* connection, const char* sender) {
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(
        connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "GetConnectionUnixProcessID", g_variant_new("(s)", sender), G_VARIANT_TYPE("(u)"),
        G_DBUS_CALL_FLAGS_NONE, -1, nullptr, &error);
    if (reply == nullptr) return "error: " + take_message(error);
    guint32 pid = 0;
    g_variant_get(reply, "(u)", &pid);
    g_variant_unref(reply);
    std::ifstream file("/proc/" + std::to_string(pid) + "/root/.flatpak-info");
    if (!file) return "no /.flatpak-info";
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

void handle_call(GDBusConnection* connection, const gchar* sender, const gchar*, const gchar*,
                 const gchar* method, GVariant*, GDBusMethodInvocation* invocation,
                 gpointer a11y_address) {
    if (g_strcmp0(method, "GetAddress") == 0 && a11y_address != nullptr) {
        g_dbus_method_invocation_return_value(
            invocation, g_variant_new("(s)", static_cast<const char*>(a11y_address)));
    } else if (g_strcmp0(method, "GetRegisteredEvents") == 0) {
        g_dbus_method_invocation_return_value(invocation, g_variant_new_parsed("(@a(ss) [],)"));
    } else if (g_strcmp0(method, "Ping") == 0) {
        g_dbus_method_invocation_return_value(invocation, g_variant_new("(s)", "pong"));
    } else if (g_strcmp0(method, "WhoAmI") == 0) {
        const std::string info = caller_info(connection, sender);
        g_dbus_method_invocation_return_value(invocation, g_variant_new("(s)", info.c_str()));
    } else {
        g_dbus_method_invocation_return_dbus_error(invocation, "org.example.Error.Unknown",
                                                   "no such method");
    }
}

bool own_name(GDBusConnection* connection, const char* name) {
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(
        connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "RequestName", g_variant_new("(su)", name, 4u /* DO_NOT_QUEUE */), G_VARIANT_TYPE("(u)"),
        G_DBUS_CALL_FLAGS_NONE, -1, nullptr, &error);
    if (reply == nullptr) {
        std::fprintf(stderr, "RequestName %s: %s\n", name, take_message(error).c_str());
        return false;
    }
    guint32 result = 0;
    g_variant_get(reply, "(u)", &result);
    g_variant_unref(reply);
    if (result != 1) std::fprintf(stderr, "RequestName %s: result %u\n", name, result);
    return result == 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: %s ADDRESS NAME [A11Y_ADDRESS]\n", argv[0]);
        return 2;
    }
    GError* error = nullptr;
    GDBusConnection* connection = g_dbus_connection_new_for_address_sync(
        argv[1],
        static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, &error);
    if (connection == nullptr) {
        std::fprintf(stderr, "connect to %s: %s\n", argv[1], take_message(error).c_str());
        return 1;
    }
    g_dbus_connection_set_exit_on_close(connection, TRUE);
    GDBusNodeInfo* node = g_dbus_node_info_new_for_xml(kIntrospection, nullptr);
    static const GDBusInterfaceVTable vtable{handle_call, nullptr, nullptr, {}};
    gpointer a11y_address = argc == 4 ? argv[3] : nullptr;
    for (const auto& [path, interface] : kObjects) {
        if (g_dbus_connection_register_object(connection, path, node->interfaces[interface],
                                              &vtable, a11y_address, nullptr, &error) == 0) {
            std::fprintf(stderr, "register %s: %s\n", path, take_message(error).c_str());
            return 1;
        }
    }
    if (!own_name(connection, argv[2])) return 1;
    std::printf("ready\n");
    std::fflush(stdout);
    GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
    g_main_loop_run(loop);
    return 0;
}

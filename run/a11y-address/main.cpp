// sandbox-a11y-address SESSION_BUS_ADDRESS: prints the accessibility bus' address (what
// org.a11y.Bus.GetAddress answers on that session bus), or nothing when there is none or no answer
// within a second. `sandbox run` runs it in parallel with its own work
// (run/src/a11y_bus_address.hpp).

#include <gio/gio.h>

#include <cstdio>
#include <memory>
#include <string>

#include "gio_bus.hpp"

namespace {

constexpr int kTimeoutMs = 1000;

std::string ask_accessibility_bus_address(const std::string& session_address) {
    GError* error = nullptr;
    const auto connection = sandbox::helpers::connect_to_bus(session_address.c_str(), &error);
    if (!connection) {
        g_clear_error(&error);
        return {};
    }
    GVariant* reply = g_dbus_connection_call_sync(
        connection.get(), "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", nullptr,
        G_VARIANT_TYPE("(s)"), G_DBUS_CALL_FLAGS_NONE, kTimeoutMs, nullptr, &error);
    if (reply == nullptr) {
        g_clear_error(&error);
        return {};
    }
    const gchar* address = nullptr;
    g_variant_get(reply, "(&s)", &address);
    std::string result = address;
    g_variant_unref(reply);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: sandbox-a11y-address SESSION_BUS_ADDRESS\n", stderr);
        return 2;
    }
    const std::string address = ask_accessibility_bus_address(argv[1]);
    return std::fputs(address.c_str(), stdout) < 0 || std::fflush(stdout) != 0 ? 1 : 0;
}

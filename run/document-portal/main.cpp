// sandbox-document-portal SESSION_BUS_ADDRESS: asks org.freedesktop.portal.Documents for its mount
// point on that session bus, which starts the portal (D-Bus activation) and so mounts its store.
// Exits 0 when the portal answered, 1 when the bus or the portal said no, within three seconds.
// `sandbox run` runs it in parallel with its own work (run/src/document_portal_lookup.hpp) and
// reads the store itself, from the path it expects: the answer is not trusted to name it.

#include <gio/gio.h>

#include <cstdio>
#include <memory>
#include <string>

#include "gio_bus.hpp"

namespace {

constexpr int kTimeoutMs = 3000;

bool portal_answers(const std::string& session_address) {
    GError* error = nullptr;
    const auto connection = sandbox::helpers::connect_to_bus(session_address.c_str(), &error);
    if (!connection) {
        g_clear_error(&error);
        return false;
    }
    GVariant* reply = g_dbus_connection_call_sync(
        connection.get(), "org.freedesktop.portal.Documents", "/org/freedesktop/portal/documents",
        "org.freedesktop.portal.Documents", "GetMountPoint", nullptr, G_VARIANT_TYPE("(ay)"),
        G_DBUS_CALL_FLAGS_NONE, kTimeoutMs, nullptr, &error);
    if (reply == nullptr) {
        g_clear_error(&error);
        return false;
    }
    g_variant_unref(reply);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: sandbox-document-portal SESSION_BUS_ADDRESS\n", stderr);
        return 2;
    }
    return portal_answers(argv[1]) ? 0 : 1;
}

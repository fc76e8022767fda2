#pragma once

// What the GIO helpers `sandbox run` starts (sandbox-a11y-address, sandbox-document-portal,
// sandbox-file-forwarding) share: owning GObjects, and a connection to the bus at an address.

#include <gio/gio.h>

#include <memory>

namespace sandbox::helpers {

template <typename T>
struct GObjectDeleter {
    void operator()(T* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectDeleter<T>>;

// A message-bus connection to `address` (authenticated, Hello sent); null with `error` set.
inline GObjectPtr<GDBusConnection> connect_to_bus(const char* address, GError** error) {
    return GObjectPtr<GDBusConnection>(g_dbus_connection_new_for_address_sync(
        address,
        static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, error));
}

}  // namespace sandbox::helpers

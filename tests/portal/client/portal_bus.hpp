#pragma once

// Plain GDBus calls on the portal, for what libportal does not cover (our own interfaces, and
// the malformed calls the hostile tests make).

#include <gio/gio.h>

#include <optional>
#include <string>

#include "client.hpp"

namespace portal_client {

inline constexpr const char* kPortalName = "org.freedesktop.portal.Desktop";
inline constexpr const char* kPortalPath = "/org/freedesktop/portal/desktop";

// Reports a failed call (and frees the error): the portal's NotAllowed is exit 3 (refused),
// anything else 1.
int report_call_error(const std::string& what, GError* error);

// The session bus, or null after reporting why.
GDBusConnection* session_bus();

// The Request path the portal will use for `token` on this connection.
std::string predicted_handle(GDBusConnection* bus, const std::string& token);

struct Response {
    guint32 code = 2;
    GVariant* results = nullptr;  // owned
    std::string handle;           // what the call returned
};

// Calls `method` of `interface` (whose last argument is the a{sv} options, `handle_token` added)
// and waits for its Request's Response, subscribed before the call as libportal does. Null and
// reported on failure.
std::optional<Response> call_with_request(GDBusConnection* bus, const std::string& interface,
                                          const std::string& method,
                                          GVariant* arguments_but_options, GVariantBuilder* options,
                                          const CommonOptions& common);

}  // namespace portal_client

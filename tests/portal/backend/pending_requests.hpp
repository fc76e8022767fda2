#pragma once

// Calls the script keeps pending: while one waits, org.freedesktop.impl.portal.Request is exported
// at the handle the frontend chose, and its Close() ends the call with response 2 (as
// xdg-desktop-portal-gtk does). Otherwise the call is answered when its delay is over.

#include <gio/gio.h>

#include <string>

namespace portal_test_backend {

// Answers `invocation` with (response, results) after `delay_ms`, exporting the Request at
// `handle` meanwhile. Takes ownership of `results`.
void answer_later(GDBusConnection* connection, GDBusMethodInvocation* invocation,
                  const std::string& handle, guint32 response, GVariant* results, guint delay_ms);

}  // namespace portal_test_backend

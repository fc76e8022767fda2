#pragma once

// The backend's script: a keyfile (path in $SANDBOX_TEST_BACKEND_SCRIPT) read again on every call,
// so a test can change what the next call answers. Groups are the short interface name
// ("FileChooser", "AppChooser", "Access"); a group "Interface.Method" (e.g. "FileChooser.SaveFile")
// overrides it key by key. Keys:
//   response=N   the response code (default 0)
//   delay=MS     how long the call stays pending, its Request exported (default 0)
//   results=…    an a{sv} in GVariant text, the base of the results
//   FileChooser: uris=URI;URI…  writable=true|false  choices=a(ss) text  current_filter=(sa(us))
//   AppChooser:  choice=DESKTOP-ID
//   Access:      choices=a(ss) text

#include <glib.h>

#include <string>

namespace portal_test_backend {

struct ScriptedReply {
    guint32 response = 0;
    guint delay_ms = 0;
    GVariant* results = nullptr;  // a{sv}, floating-free (owned): g_variant_unref when done
    std::string problem;          // a script that cannot be read or parsed: the call fails
};

// What `interface` (short name).`method` answers now.
ScriptedReply scripted_reply(const std::string& interface, const std::string& method);

}  // namespace portal_test_backend

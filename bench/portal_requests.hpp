#pragma once

// A host app's portal requests for portal-bench, as libportal makes them: subscribed to
// org.freedesktop.portal.Request.Response, the method called with a fresh handle_token, then
// waiting for the Response on the returned handle. One subscription for every request (made once,
// so that its AddMatch is not part of what is timed); Responses are dispatched on a main context
// of this object's own.

#include <gio/gio.h>

#include <map>
#include <string>

namespace sandbox::bench {

class PortalRequests {
  public:
    explicit PortalRequests(GDBusConnection* connection);
    PortalRequests(const PortalRequests&) = delete;
    PortalRequests& operator=(const PortalRequests&) = delete;
    ~PortalRequests();

    // OpenURI.OpenURI("", uri, {handle_token}) until its Response; the response code. Throws
    // std::runtime_error when the call fails.
    guint32 open_uri(const std::string& uri);
    // FileChooser.OpenFile("", "Bench", {handle_token}) until its Response.
    guint32 open_file();

  private:
    guint32 request(const char* interface, const char* method, GVariant* arguments_but_options);
    guint32 wait_for_response(const std::string& handle);
    static void on_response(GDBusConnection*, const gchar*, const gchar* path, const gchar*,
                            const gchar*, GVariant* parameters, gpointer self);

    GDBusConnection* connection_;
    GMainContext* context_;
    guint subscription_ = 0;
    unsigned next_token_ = 0;
    std::map<std::string, guint32> responses_;  // handle → code, until its request takes it
};

}  // namespace sandbox::bench

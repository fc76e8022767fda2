// open-uri: the OpenURI portal through libportal. A local path is given as a file:// URI, which
// libportal opens itself and hands over as an fd (OpenURI.OpenFile).
#include <libportal/portal.h>

#include "client.hpp"

namespace portal_client {
namespace {

std::string uri_of(const std::string& argument) {
    if (!argument.starts_with("/")) return argument;
    gchar* uri = g_filename_to_uri(argument.c_str(), nullptr, nullptr);
    std::string text = uri != nullptr ? uri : argument;
    g_free(uri);
    return text;
}

int open_uri(const Arguments& arguments) {
    Arguments args = arguments;
    const CommonOptions options = take_common_options(args);
    int flags = XDP_OPEN_URI_FLAG_NONE;
    if (take_flag(args, "--ask")) flags |= XDP_OPEN_URI_FLAG_ASK;
    if (take_flag(args, "--writable")) flags |= XDP_OPEN_URI_FLAG_WRITABLE;
    if (args.size() != 1) return report_failure("open-uri", "expects one URI or path");
    const std::string uri = uri_of(args[0]);
    XdpPortal* portal = xdp_portal_new();
    AsyncCall call(options);
    xdp_portal_open_uri(portal, nullptr, uri.c_str(), static_cast<XdpOpenUriFlags>(flags),
                        call.cancellable, AsyncCall::on_done, &call);
    call.run();
    GError* error = nullptr;
    const bool opened = xdp_portal_open_uri_finish(portal, call.result, &error);
    g_object_unref(portal);
    if (!opened) {
        const int status = report_error("open-uri " + uri, error);
        g_clear_error(&error);
        return status;
    }
    print_value("result", "ok");
    return kExitOk;
}

}  // namespace

extern const Command kOpenUri{
    "open-uri", "open-uri [--ask] [--writable] [--cancel-after=MS] URI|PATH", open_uri};

}  // namespace portal_client

// clipboard-request, clipboard-mime-types, clipboard-read, clipboard-write: our own
// org.sandbox.portal.Clipboard on the portal, through GDBus.
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "portal_bus.hpp"

namespace portal_client {
namespace {

constexpr const char* kClipboard = "org.sandbox.portal.Clipboard";
constexpr int kNoTimeout = G_MAXINT;

int clipboard_request(const Arguments& arguments) {
    Arguments args = arguments;
    const CommonOptions common = take_common_options(args);
    GDBusConnection* bus = session_bus();
    if (bus == nullptr) return kExitFailed;
    GVariantBuilder options;
    g_variant_builder_init(&options, G_VARIANT_TYPE_VARDICT);
    GVariant* parent = g_variant_ref_sink(g_variant_new("(s)", ""));
    std::optional<Response> response =
        call_with_request(bus, kClipboard, "RequestAccess", parent, &options, common);
    g_variant_unref(parent);
    g_object_unref(bus);
    if (!response) return kExitFailed;
    print_value("handle", response->handle);
    print_value("response", std::to_string(response->code));
    gboolean granted = FALSE;
    if (response->results != nullptr) {
        g_variant_lookup(response->results, "granted", "b", &granted);
        g_variant_unref(response->results);
    }
    print_value("granted", granted ? "true" : "false");
    if (response->code == 1) return kExitCancelled;
    if (response->code != 0) return report_failure("clipboard-request", "the request ended");
    return granted ? kExitOk : kExitRefused;
}

int clipboard_mime_types(const Arguments& args) {
    if (!args.empty()) return report_failure("clipboard-mime-types", "takes no argument");
    GDBusConnection* bus = session_bus();
    if (bus == nullptr) return kExitFailed;
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(
        bus, kPortalName, kPortalPath, kClipboard, "GetMimeTypes", nullptr, G_VARIANT_TYPE("(as)"),
        G_DBUS_CALL_FLAGS_NONE, kNoTimeout, nullptr, &error);
    g_object_unref(bus);
    if (reply == nullptr) return report_call_error("GetMimeTypes", error);
    GVariantIter* types = nullptr;
    g_variant_get(reply, "(as)", &types);
    const gchar* type = nullptr;
    while (g_variant_iter_loop(types, "&s", &type)) print_value("mime", type);
    g_variant_iter_free(types);
    g_variant_unref(reply);
    return kExitOk;
}

// Everything until end of file, or an errno text.
bool read_all(int fd, std::string& content, std::string& problem) {
    char buffer[4096];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) return true;
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            problem = std::strerror(errno);
            return false;
        }
        content.append(buffer, static_cast<size_t>(got));
    }
}

int clipboard_read(const Arguments& args) {
    if (args.size() != 1) return report_failure("clipboard-read", "expects MIME");
    GDBusConnection* bus = session_bus();
    if (bus == nullptr) return kExitFailed;
    GError* error = nullptr;
    GUnixFDList* fds = nullptr;
    GVariant* reply = g_dbus_connection_call_with_unix_fd_list_sync(
        bus, kPortalName, kPortalPath, kClipboard, "Read", g_variant_new("(s)", args[0].c_str()),
        G_VARIANT_TYPE("(h)"), G_DBUS_CALL_FLAGS_NONE, kNoTimeout, nullptr, &fds, nullptr, &error);
    g_object_unref(bus);
    if (reply == nullptr) return report_call_error("Read", error);
    gint32 index = -1;
    g_variant_get(reply, "(h)", &index);
    g_variant_unref(reply);
    const int fd = fds != nullptr ? g_unix_fd_list_get(fds, index, &error) : -1;
    if (fds != nullptr) g_object_unref(fds);
    if (fd < 0) {
        if (error != nullptr) g_error_free(error);
        return report_failure("clipboard-read", "the reply carries no fd");
    }
    std::string content;
    std::string problem;
    const bool read = read_all(fd, content, problem);
    ::close(fd);
    if (!read) return report_failure("clipboard-read", problem);
    print_value("data", content);
    return kExitOk;
}

int clipboard_write(const Arguments& args) {
    if (args.size() != 2) return report_failure("clipboard-write", "expects MIME TEXT");
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return report_failure("pipe", std::strerror(errno));
    // The text fits in the pipe's buffer (64 KiB): written and closed before the call, the
    // portal may read it whenever it likes.
    const ssize_t written = ::write(pipe_fds[1], args[1].data(), args[1].size());
    ::close(pipe_fds[1]);
    if (written != static_cast<ssize_t>(args[1].size())) {
        ::close(pipe_fds[0]);
        return report_failure("clipboard-write", "text too long for a pipe's buffer");
    }
    GDBusConnection* bus = session_bus();
    if (bus == nullptr) {
        ::close(pipe_fds[0]);
        return kExitFailed;
    }
    GUnixFDList* fds = g_unix_fd_list_new_from_array(pipe_fds, 1);  // takes the read end
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_with_unix_fd_list_sync(
        bus, kPortalName, kPortalPath, kClipboard, "Write",
        g_variant_new("(sh)", args[0].c_str(), 0), nullptr, G_DBUS_CALL_FLAGS_NONE, kNoTimeout, fds,
        nullptr, nullptr, &error);
    g_object_unref(fds);
    g_object_unref(bus);
    if (reply == nullptr) return report_call_error("Write", error);
    g_variant_unref(reply);
    print_value("result", "ok");
    return kExitOk;
}

}  // namespace

extern const Command kClipboardRequest{"clipboard-request", "clipboard-request [--cancel-after=MS]",
                                       clipboard_request};
extern const Command kClipboardMimeTypes{"clipboard-mime-types", "clipboard-mime-types",
                                         clipboard_mime_types};
extern const Command kClipboardRead{"clipboard-read", "clipboard-read MIME", clipboard_read};
extern const Command kClipboardWrite{"clipboard-write", "clipboard-write MIME TEXT",
                                     clipboard_write};

}  // namespace portal_client

// sandbox-file-forwarding SESSION_BUS_ADDRESS APP_ID SPEC…: exports each inherited fd to the
// document portal on that bus for APP_ID (org.freedesktop.portal.Documents.AddFull, one call per
// file, so that one refused file does not sink the others) and prints one line per SPEC. `sandbox
// run --file-forwarding` runs it (run/src/file_forwarding.hpp); the protocol is in
// file_forwarding_protocol.hpp.

#include <gio/gio.h>
#include <gio/gunixfdlist.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gio_bus.hpp"
#include "sandbox/run/file_forwarding_protocol.hpp"

namespace {

using sandbox::run::ExportAnswer;
using sandbox::run::ExportRequest;

// Activating the portal (and its FUSE mount) is part of the first call.
constexpr int kCallTimeoutMs = 5000;

using sandbox::helpers::GObjectPtr;

struct VariantDeleter {
    void operator()(GVariant* variant) const { g_variant_unref(variant); }
};

ExportAnswer failure(GError* error) {
    g_dbus_error_strip_remote_error(error);
    ExportAnswer answer{ExportAnswer::Kind::Failed, error->message};
    g_error_free(error);
    return answer;
}

GVariant* add_full_arguments(const ExportRequest& request, const std::string& app_id) {
    const gint32 handle = 0;  // the first and only fd of the call's list
    std::vector<std::string> permissions = sandbox::run::add_full_permissions(request);
    std::vector<const char*> names;
    for (const std::string& name : permissions) names.push_back(name.c_str());
    names.push_back(nullptr);
    return g_variant_new(
        "(@ahus^as)", g_variant_new_fixed_array(G_VARIANT_TYPE_HANDLE, &handle, 1, sizeof(gint32)),
        sandbox::run::add_full_flags(request), app_id.c_str(), names.data());
}

ExportAnswer export_file(GDBusConnection* bus, const ExportRequest& request,
                         const std::string& app_id) {
    GError* error = nullptr;
    GObjectPtr<GUnixFDList> fds(g_unix_fd_list_new());
    if (g_unix_fd_list_append(fds.get(), request.fd, &error) < 0) return failure(error);
    std::unique_ptr<GVariant, VariantDeleter> reply(g_dbus_connection_call_with_unix_fd_list_sync(
        bus, "org.freedesktop.portal.Documents", "/org/freedesktop/portal/documents",
        "org.freedesktop.portal.Documents", "AddFull", add_full_arguments(request, app_id),
        G_VARIANT_TYPE("(asa{sv})"), G_DBUS_CALL_FLAGS_NONE, kCallTimeoutMs, fds.get(), nullptr,
        nullptr, &error));
    if (!reply) return failure(error);
    std::unique_ptr<GVariant, VariantDeleter> ids(g_variant_get_child_value(reply.get(), 0));
    if (g_variant_n_children(ids.get()) != 1)
        return {ExportAnswer::Kind::Failed, "the document portal answered no id"};
    const char* id = nullptr;
    g_variant_get_child(ids.get(), 0, "&s", &id);
    // An empty id: the app sees the file without a document (as-needed-by-app).
    if (*id == '\0') return {ExportAnswer::Kind::Visible, {}};
    return {ExportAnswer::Kind::Document, id};
}

GObjectPtr<GDBusConnection> connect(const char* address, std::string& why_not) {
    GError* error = nullptr;
    GObjectPtr<GDBusConnection> bus = sandbox::helpers::connect_to_bus(address, &error);
    if (!bus) {
        why_not = std::string("can't reach the session bus: ") + error->message;
        g_error_free(error);
    }
    return bus;
}

void print(const ExportAnswer& answer) {
    std::printf("%s\n", sandbox::run::answer_line(answer).c_str());
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fputs(
            "usage: sandbox-file-forwarding SESSION_BUS_ADDRESS APP_ID FD[,write][,directory]…\n",
            stderr);
        return 2;
    }
    std::vector<ExportRequest> requests;
    for (int i = 3; i < argc; ++i) {
        auto request = sandbox::run::parse_export_spec(argv[i]);
        if (!request) {
            std::fprintf(stderr, "sandbox-file-forwarding: bad file spec '%s'\n", argv[i]);
            return 2;
        }
        requests.push_back(*request);
    }
    std::string why_not;
    GObjectPtr<GDBusConnection> bus = connect(argv[1], why_not);
    for (const ExportRequest& request : requests)
        print(bus ? export_file(bus.get(), request, argv[2])
                  : ExportAnswer{ExportAnswer::Kind::Failed, why_not});
    return 0;
}

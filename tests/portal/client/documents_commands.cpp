// documents-add, documents-grant, documents-revoke, documents-delete, documents-info: the
// Documents portal through GDBus, as an app (or the host) calls it.
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "portal_bus.hpp"

namespace portal_client {
namespace {

constexpr const char* kDocumentsName = "org.freedesktop.portal.Documents";
constexpr const char* kDocumentsPath = "/org/freedesktop/portal/documents";
constexpr const char* kDocuments = "org.freedesktop.portal.Documents";

GVariant* strings_of(const Arguments& args, std::size_t from) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("as"));
    for (std::size_t i = from; i < args.size(); ++i)
        g_variant_builder_add(&builder, "s", args[i].c_str());
    return g_variant_builder_end(&builder);
}

// Calls a Documents method; prints nothing, returns the reply (null after reporting).
GVariant* call(const char* method, GVariant* arguments, GUnixFDList* fds, int& status) {
    GDBusConnection* bus = session_bus();
    if (bus == nullptr) {
        status = kExitFailed;
        return nullptr;
    }
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_with_unix_fd_list_sync(
        bus, kDocumentsName, kDocumentsPath, kDocuments, method, arguments, nullptr,
        G_DBUS_CALL_FLAGS_NONE, -1, fds, nullptr, nullptr, &error);
    if (reply == nullptr) status = report_call_error(method, error);
    return reply;
}

// documents-add [--writable] [--ask-write] PATH: AddFull of an fd opened read-only (read-write
// with --writable), asking for read and grant-permissions for the caller itself, and write with
// either option.
int documents_add(const Arguments& arguments) {
    Arguments args = arguments;
    bool writable = false;
    bool ask_write = false;
    while (!args.empty() && args.front().starts_with("--")) {
        writable = writable || args.front() == "--writable";
        ask_write = ask_write || args.front() == "--ask-write" || args.front() == "--writable";
        args.erase(args.begin());
    }
    if (args.size() != 1) return report_failure("documents-add", "expects one path");
    const int fd = ::open(args[0].c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return report_failure("documents-add", std::strerror(errno));
    GUnixFDList* fds = g_unix_fd_list_new_from_array(&fd, 1);
    Arguments permissions{"read", "grant-permissions"};
    if (ask_write) permissions.emplace_back("write");
    GVariantBuilder handles;
    g_variant_builder_init(&handles, G_VARIANT_TYPE("ah"));
    g_variant_builder_add(&handles, "h", 0);
    int status = kExitOk;
    GVariant* reply = call(
        "AddFull",
        g_variant_new("(ahus@as)", &handles, 2u /* persistent */, "", strings_of(permissions, 0)),
        fds, status);
    g_object_unref(fds);
    if (reply == nullptr) return status;
    GVariant* ids = nullptr;
    GVariant* extra = nullptr;
    g_variant_get(reply, "(@as@a{sv})", &ids, &extra);
    const gchar* id = nullptr;
    if (g_variant_n_children(ids) == 1) g_variant_get_child(ids, 0, "&s", &id);
    print_value("doc_id", id != nullptr ? id : "");
    g_variant_unref(ids);
    g_variant_unref(extra);
    g_variant_unref(reply);
    return kExitOk;
}

// documents-grant|documents-revoke DOC_ID APP_ID PERMISSION…
int change_permissions(const char* method, const Arguments& args) {
    if (args.size() < 3) return report_failure(method, "expects DOC_ID APP_ID PERMISSION…");
    int status = kExitOk;
    GVariant* reply = call(
        method, g_variant_new("(ss@as)", args[0].c_str(), args[1].c_str(), strings_of(args, 2)),
        nullptr, status);
    if (reply != nullptr) g_variant_unref(reply);
    return status;
}

int documents_grant(const Arguments& args) {
    return change_permissions("GrantPermissions", args);
}

int documents_revoke(const Arguments& args) {
    return change_permissions("RevokePermissions", args);
}

int documents_delete(const Arguments& args) {
    if (args.size() != 1) return report_failure("documents-delete", "expects DOC_ID");
    int status = kExitOk;
    GVariant* reply = call("Delete", g_variant_new("(s)", args[0].c_str()), nullptr, status);
    if (reply != nullptr) g_variant_unref(reply);
    return status;
}

// documents-info DOC_ID: the host path and each app's permissions (host only).
int documents_info(const Arguments& args) {
    if (args.size() != 1) return report_failure("documents-info", "expects DOC_ID");
    int status = kExitOk;
    GVariant* reply = call("Info", g_variant_new("(s)", args[0].c_str()), nullptr, status);
    if (reply == nullptr) return status;
    GVariant* path = nullptr;
    GVariant* apps = nullptr;
    g_variant_get(reply, "(@ay@a{sas})", &path, &apps);
    print_value("path", g_variant_get_bytestring(path));
    gchar* text = g_variant_print(apps, FALSE);
    print_value("apps", text);
    g_free(text);
    g_variant_unref(path);
    g_variant_unref(apps);
    g_variant_unref(reply);
    return kExitOk;
}

}  // namespace

extern const Command kDocumentsAdd{"documents-add", "documents-add [--writable] [--ask-write] PATH",
                                   documents_add};
extern const Command kDocumentsGrant{"documents-grant", "documents-grant DOC_ID APP_ID PERMISSION…",
                                     documents_grant};
extern const Command kDocumentsRevoke{
    "documents-revoke", "documents-revoke DOC_ID APP_ID PERMISSION…", documents_revoke};
extern const Command kDocumentsDelete{"documents-delete", "documents-delete DOC_ID",
                                      documents_delete};
extern const Command kDocumentsInfo{"documents-info", "documents-info DOC_ID", documents_info};

}  // namespace portal_client

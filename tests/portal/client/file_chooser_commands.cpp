// open-file, save-file, save-files: the FileChooser portal through libportal, as an app calls it.
#include <fcntl.h>
#include <libportal/portal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "client.hpp"

namespace portal_client {
namespace {

struct PortalDeleter {
    void operator()(XdpPortal* portal) const { g_object_unref(portal); }
};
using Portal = std::unique_ptr<XdpPortal, PortalDeleter>;

struct VariantDeleter {
    void operator()(GVariant* value) const { g_variant_unref(value); }
};
using Variant = std::unique_ptr<GVariant, VariantDeleter>;

std::vector<std::string> uris_of(GVariant* results) {
    std::vector<std::string> uris;
    const gchar** list = nullptr;
    if (g_variant_lookup(results, "uris", "^a&s", &list))
        for (const gchar** uri = list; *uri != nullptr; ++uri) uris.emplace_back(*uri);
    g_free(list);
    return uris;
}

std::string joined(const std::vector<std::string>& values) {
    std::string text;
    for (const std::string& value : values) text += (text.empty() ? "" : " ") + value;
    return text;
}

void print_choices(GVariant* results) {
    GVariant* choices = g_variant_lookup_value(results, "choices", G_VARIANT_TYPE("a(ss)"));
    if (choices == nullptr) return;
    gchar* text = g_variant_print(choices, FALSE);
    print_value("choices", text);
    g_free(text);
    g_variant_unref(choices);
}

std::string write_content(const std::string& path, const std::string& content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return std::strerror(errno);
    const ssize_t written = ::write(fd, content.data(), content.size());
    const int write_errno = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(content.size()))
        return written < 0 ? std::strerror(write_errno) : "short write";
    return "ok";
}

// Runs `start` (a libportal call given the AsyncCall) and returns its results, or null with the
// error reported in `status`.
template <typename Start, typename Finish>
Variant call_portal(const std::string& what, const CommonOptions& options, Start start,
                    Finish finish, int& status) {
    Portal portal(xdp_portal_new());
    AsyncCall call(options);
    start(portal.get(), call);
    call.run();
    GError* error = nullptr;
    Variant results(finish(portal.get(), call.result, &error));
    if (!results) {
        status = report_error(what, error);
        g_clear_error(&error);
    }
    return results;
}

int open_file(const Arguments& arguments) {
    Arguments args = arguments;
    const CommonOptions options = take_common_options(args);
    const bool multiple = take_flag(args, "--multiple");
    const bool no_write = take_flag(args, "--no-write");
    if (!args.empty()) return report_failure("open-file", "unexpected argument " + args.front());
    int status = kExitOk;
    Variant results = call_portal(
        "open-file", options,
        [&](XdpPortal* portal, AsyncCall& call) {
            xdp_portal_open_file(portal, nullptr, options.title.c_str(), nullptr, nullptr, nullptr,
                                 multiple ? XDP_OPEN_FILE_FLAG_MULTIPLE : XDP_OPEN_FILE_FLAG_NONE,
                                 call.cancellable, AsyncCall::on_done, &call);
        },
        xdp_portal_open_file_finish, status);
    if (!results) return status;
    const std::vector<std::string> uris = uris_of(results.get());
    print_value("uris", joined(uris));
    print_choices(results.get());
    for (const std::string& uri : uris) print_file_access(uri, !no_write);
    return kExitOk;
}

int save_file(const Arguments& arguments) {
    Arguments args = arguments;
    const CommonOptions options = take_common_options(args);
    const std::optional<std::string> folder = take_value(args, "--folder");
    if (args.size() != 2) return report_failure("save-file", "expects NAME CONTENT");
    int status = kExitOk;
    Variant results = call_portal(
        "save-file", options,
        [&](XdpPortal* portal, AsyncCall& call) {
            xdp_portal_save_file(portal, nullptr, options.title.c_str(), args[0].c_str(),
                                 folder ? folder->c_str() : nullptr, nullptr, nullptr, nullptr,
                                 nullptr, XDP_SAVE_FILE_FLAG_NONE, call.cancellable,
                                 AsyncCall::on_done, &call);
        },
        xdp_portal_save_file_finish, status);
    if (!results) return status;
    const std::vector<std::string> uris = uris_of(results.get());
    if (uris.size() != 1) return report_failure("save-file", "got " + joined(uris));
    print_value("uri", uris[0]);
    gchar* path = g_filename_from_uri(uris[0].c_str(), nullptr, nullptr);
    if (path == nullptr) return report_failure("save-file", "not a local file URI: " + uris[0]);
    print_value("path", path);
    const std::string written = write_content(path, args[1]);
    g_free(path);
    print_value("write", written);
    return written == "ok" ? kExitOk : report_failure("save-file", "cannot write: " + written);
}

int save_files(const Arguments& arguments) {
    Arguments args = arguments;
    const CommonOptions options = take_common_options(args);
    if (args.empty()) return report_failure("save-files", "expects NAME…");
    GVariantBuilder files;
    g_variant_builder_init(&files, G_VARIANT_TYPE("aay"));
    for (const std::string& name : args)
        g_variant_builder_add_value(&files, g_variant_new_bytestring(name.c_str()));
    GVariant* file_list = g_variant_ref_sink(g_variant_builder_end(&files));
    int status = kExitOk;
    Variant results = call_portal(
        "save-files", options,
        [&](XdpPortal* portal, AsyncCall& call) {
            xdp_portal_save_files(portal, nullptr, options.title.c_str(), nullptr, nullptr,
                                  file_list, nullptr, XDP_SAVE_FILE_FLAG_NONE, call.cancellable,
                                  AsyncCall::on_done, &call);
        },
        xdp_portal_save_files_finish, status);
    g_variant_unref(file_list);
    if (!results) return status;
    for (const std::string& uri : uris_of(results.get())) {
        print_value("uri", uri);
        gchar* path = g_filename_from_uri(uri.c_str(), nullptr, nullptr);
        print_value("path", path != nullptr ? path : "");
        g_free(path);
    }
    return kExitOk;
}

}  // namespace

extern const Command kOpenFile{
    "open-file", "open-file [--multiple] [--no-write] [--title=T] [--cancel-after=MS]", open_file};
extern const Command kSaveFile{"save-file", "save-file [--folder=DIR] [--title=T] NAME CONTENT",
                               save_file};
extern const Command kSaveFiles{"save-files", "save-files [--title=T] NAME…", save_files};

}  // namespace portal_client

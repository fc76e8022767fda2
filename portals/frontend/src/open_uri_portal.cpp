#include "open_uri_portal.hpp"

#include <glib.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>

#include "chooser_options.hpp"
#include "handler_apps.hpp"
#include "sandbox/portals/documents/fd_validation.hpp"
#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kImplAppChooser = "org.freedesktop.impl.portal.AppChooser";
constexpr std::size_t kMaxUriBytes = 64 * 1024;

using GCharPtr = std::unique_ptr<char, decltype(&g_free)>;

bool flag_of(const Options& options, const char* key) {
    auto entry = options.find(key);
    if (entry == options.end()) return false;
    if (entry->second.peekValueType() != "b")
        throw_portal_error(kErrorInvalidArgument, std::string("Invalid option ") + key);
    return entry->second.get<bool>();
}

std::string token_of(const Options& options) {
    auto entry = options.find("activation_token");
    if (entry == options.end()) return {};
    if (entry->second.peekValueType() != "s" ||
        !g_utf8_validate(entry->second.get<std::string>().c_str(), -1, nullptr) ||
        entry->second.get<std::string>().size() > 1024)
        throw_portal_error(kErrorInvalidArgument, "Invalid option activation_token");
    return entry->second.get<std::string>();
}

// The lower-case scheme of a valid URI; empty when it is not one.
std::string scheme_of(const std::string& uri) {
    if (uri.size() > kMaxUriBytes || !g_uri_is_valid(uri.c_str(), G_URI_FLAGS_NONE, nullptr))
        return {};
    GCharPtr scheme(g_uri_parse_scheme(uri.c_str()), &g_free);
    if (!scheme) return {};
    GCharPtr lower(g_ascii_strdown(scheme.get(), -1), &g_free);
    return lower.get();
}

std::string file_uri(const std::filesystem::path& path) {
    GCharPtr uri(g_filename_to_uri(path.c_str(), nullptr, nullptr), &g_free);
    return uri ? std::string(uri.get()) : std::string();
}

OpenSituation situation_for(PortalContext& context, const Caller& caller,
                            const std::string& content_type) {
    OpenSituation situation;
    situation.content_type = content_type;
    Handlers handlers = handlers_for(content_type);
    situation.handlers = std::move(handlers.ids);
    situation.default_handler = std::move(handlers.default_id);
    situation.remembered = context.app_choices.remembered(caller.app_id, content_type);
    return situation;
}

documents::CallerFile validated(int fd, const Caller& caller) {
    auto file = documents::validate_caller_fd(fd, caller);
    if (!file) throw_portal_error(kErrorInvalidArgument, documents::kInvalidFdMessage);
    return *file;
}

// The standard's rule: the fd's access must be what the app asked for, no more, no less.
void check_writable(const documents::CallerFile& file, const Caller& caller, bool writable) {
    if (writable && !file.writable)
        throw_portal_error(kErrorNotAllowed, "Writable access asked for a read-only file");
    if (!writable && file.writable && !caller.is_host())
        throw_portal_error(kErrorNotAllowed,
                           "A writable file descriptor needs the writable option");
}

bool has_exec_bit(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && (info.st_mode & 0111) != 0;
}

}  // namespace

OpenURIPortal::OpenURIPortal(PortalContext& context)
    : OpenURI_adaptor(context.object), context_(context) {}

void OpenURIPortal::OpenURI(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                            std::string uri, Options options) {
    answer(result, [&]() {
        const Caller caller = current_caller(context_);
        const std::string scheme = scheme_of(uri);
        if (scheme.empty()) throw_portal_error(kErrorInvalidArgument, "Invalid URI");
        if (scheme == "file")
            throw_portal_error(
                kErrorInvalidArgument,
                "file: URIs are opened with OpenFile, which takes a file descriptor");
        if (!is_short_string(parent_window))
            throw_portal_error(kErrorInvalidArgument, "Invalid parent window");
        Target target{uri, uri, situation_for(context_, caller, "x-scheme-handler/" + scheme),
                      token_of(options)};
        target.situation.ask = flag_of(options, "ask");
        flag_of(options, "writable");  // type-checked; a link has nothing to write
        auto request = context_.requests.create(current_sender(context_.object), options);
        result.returnResults(sdbus::ObjectPath(request->path()));
        open(request, caller, parent_window, std::move(target));
    });
}

void OpenURIPortal::OpenFile(sdbus::Result<sdbus::ObjectPath>&& result, std::string parent_window,
                             sdbus::UnixFd fd, Options options) {
    answer(result, [&]() {
        const Caller caller = current_caller(context_);
        const documents::CallerFile file = validated(fd.get(), caller);
        if (file.directory) throw_portal_error(kErrorInvalidArgument, documents::kInvalidFdMessage);
        check_writable(file, caller, flag_of(options, "writable"));
        if (!is_short_string(parent_window))
            throw_portal_error(kErrorInvalidArgument, "Invalid parent window");
        const std::string name = file.host_path.filename().string();
        const std::string type = content_type_of(fd.get(), name);
        Target target{file_uri(file.host_path), name, situation_for(context_, caller, type),
                      token_of(options)};
        target.situation.ask = flag_of(options, "ask");
        target.situation.could_run = has_exec_bit(fd.get()) || is_runnable_type(type);
        auto request = context_.requests.create(current_sender(context_.object), options);
        result.returnResults(sdbus::ObjectPath(request->path()));
        open(request, caller, parent_window, std::move(target));
    });
}

void OpenURIPortal::OpenDirectory(sdbus::Result<sdbus::ObjectPath>&& result,
                                  std::string parent_window, sdbus::UnixFd fd, Options options) {
    answer(result, [&]() {
        const Caller caller = current_caller(context_);
        const documents::CallerFile file = validated(fd.get(), caller);
        const std::filesystem::path folder =
            file.directory ? file.host_path : file.host_path.parent_path();
        Target target{file_uri(folder), folder.filename().string(),
                      situation_for(context_, caller, "inode/directory"), token_of(options)};
        auto request = context_.requests.create(current_sender(context_.object), options);
        result.returnResults(sdbus::ObjectPath(request->path()));
        open(request, caller, parent_window, std::move(target));
    });
}

void OpenURIPortal::open(const std::shared_ptr<Request>& request, const Caller& caller,
                         const std::string& parent_window, Target target) {
    auto launch = [this, caller, request, target](const std::string& handler) {
        if (!launch_handler(handler, target.uri, target.activation_token)) {
            request->respond(kResponseEnded);
            return;
        }
        context_.app_choices.remember(caller.app_id, target.situation.content_type, handler);
        request->respond(kResponseSuccess);
    };
    if (auto handler = handler_without_asking(target.situation)) {
        launch(*handler);
        return;
    }
    if (target.situation.handlers.empty()) {
        request->respond(kResponseEnded);
        return;
    }
    Options chooser_options;
    chooser_options.emplace("content_type", sdbus::Variant(target.situation.content_type));
    chooser_options.emplace(
        target.situation.content_type.starts_with("x-scheme-handler/") ? "uri" : "filename",
        sdbus::Variant(target.name));
    if (target.situation.remembered)
        chooser_options.emplace("last_choice",
                                sdbus::Variant(target.situation.remembered->handler));
    else if (target.situation.default_handler)
        chooser_options.emplace("last_choice", sdbus::Variant(*target.situation.default_handler));
    if (!target.activation_token.empty())
        chooser_options.emplace("activation_token", sdbus::Variant(target.activation_token));

    auto choices = target.situation.handlers;
    auto on_reply = [request, choices, launch](std::uint32_t response, Options results) {
        auto choice = results.find("choice");
        if (response != kResponseSuccess || choice == results.end() ||
            choice->second.peekValueType() != "s") {
            request->respond(response == kResponseSuccess ? kResponseEnded : response);
            return;
        }
        const std::string chosen = choice->second.get<std::string>();
        if (std::find(choices.begin(), choices.end(), chosen) == choices.end()) {
            request->respond(kResponseEnded);
            return;
        }
        launch(chosen);
    };
    context_.backends.call(
        request, kImplAppChooser, "ChooseApplication",
        [&](sdbus::MethodCall& call) {
            call << caller.app_id << parent_window << choices << chooser_options;
        },
        std::move(on_reply));
}

}  // namespace sandbox::portals

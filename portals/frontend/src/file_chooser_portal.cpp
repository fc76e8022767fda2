#include "file_chooser_portal.hpp"

#include "chooser_exports.hpp"
#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kImplFileChooser = "org.freedesktop.impl.portal.FileChooser";

std::vector<std::string> uris_of(const Options& results) {
    auto uris = results.find("uris");
    if (uris == results.end() || uris->second.peekValueType() != "as") return {};
    return uris->second.get<std::vector<std::string>>();
}

bool flag_of(const Options& options, const char* key) {
    auto entry = options.find(key);
    return entry != options.end() && entry->second.peekValueType() == "b" &&
           entry->second.get<bool>();
}

ChosenFiles chosen_files(const Options& results, ChooserMethod kind, const Options& options) {
    ChosenFiles chosen;
    chosen.uris = uris_of(results);
    chosen.purpose = kind == ChooserMethod::OpenFile ? ChosenFor::Opening : ChosenFor::Saving;
    chosen.writable = flag_of(results, "writable");
    chosen.directory = kind == ChooserMethod::OpenFile && flag_of(options, "directory");
    return chosen;
}

// The Response a caller gets for the backend's answer.
void finish(Request& request, const Caller& caller, documents::DocumentStore& store,
            ChooserMethod kind, const Options& options, std::uint32_t response,
            const Options& backend_results) {
    if (response != kResponseSuccess) {
        request.respond(response);
        return;
    }
    const ChosenFiles chosen = chosen_files(backend_results, kind, options);
    auto uris = uris_for_caller(chosen, caller, store);
    if (!uris || uris->empty() || (kind == ChooserMethod::SaveFile && uris->size() != 1)) {
        request.respond(kResponseEnded);
        return;
    }
    Options results = caller_chooser_results(backend_results);
    results.emplace("uris", sdbus::Variant(*uris));
    request.respond(kResponseSuccess, results);
}

}  // namespace

FileChooserPortal::FileChooserPortal(PortalContext& context)
    : FileChooser_adaptor(context.object), context_(context) {}

void FileChooserPortal::OpenFile(sdbus::Result<sdbus::ObjectPath>&& result,
                                 std::string parent_window, std::string title, Options options) {
    choose(result, "OpenFile", ChooserMethod::OpenFile, parent_window, title, options);
}

void FileChooserPortal::SaveFile(sdbus::Result<sdbus::ObjectPath>&& result,
                                 std::string parent_window, std::string title, Options options) {
    choose(result, "SaveFile", ChooserMethod::SaveFile, parent_window, title, options);
}

void FileChooserPortal::SaveFiles(sdbus::Result<sdbus::ObjectPath>&& result,
                                  std::string parent_window, std::string title, Options options) {
    choose(result, "SaveFiles", ChooserMethod::SaveFiles, parent_window, title, options);
}

void FileChooserPortal::choose(sdbus::Result<sdbus::ObjectPath>& result, const char* method,
                               ChooserMethod kind, const std::string& parent_window,
                               const std::string& title, const Options& options) {
    answer(result, [&]() {
        const Caller caller = current_caller(context_);
        if (!is_short_string(title) || !is_short_string(parent_window))
            throw_portal_error(kErrorInvalidArgument, "Invalid title or parent window");
        auto forwarded = backend_chooser_options(options, kind);
        if (!forwarded) throw_portal_error(kErrorInvalidArgument, forwarded.error().what);
        auto request = context_.requests.create(current_sender(context_.object), options);
        result.returnResults(sdbus::ObjectPath(request->path()));

        auto on_reply = [request, caller, kind, options, &store = context_.documents](
                            std::uint32_t response, Options backend_results) {
            finish(*request, caller, store, kind, options, response, backend_results);
        };
        context_.backends.call(
            request, kImplFileChooser, method,
            [&](sdbus::MethodCall& call) {
                call << caller.app_id << parent_window << title << *forwarded;
            },
            std::move(on_reply));
    });
}

}  // namespace sandbox::portals

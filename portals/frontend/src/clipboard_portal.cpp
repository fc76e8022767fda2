#include "clipboard_portal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "clipboard_access.hpp"
#include "clipboard_transfer.hpp"
#include "clipboard_validation.hpp"
#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAccessInterface = "org.freedesktop.impl.portal.Access";
constexpr auto kListTimeout = 5s;
constexpr auto kReadTimeout = 60s;
constexpr auto kWriteInputTimeout = 30s;
constexpr auto kTakeTimeout = 10s;

Deadline in(std::chrono::steady_clock::duration duration) {
    return std::chrono::steady_clock::now() + duration;
}

Options granted_results(bool granted) {
    return {{"granted", sdbus::Variant(granted)}};
}

void require_valid_mime_type(const std::string& mime_type) {
    if (!is_valid_mime_type(mime_type))
        throw_portal_error(kErrorInvalidArgument, "Not a MIME type the clipboard accepts");
}

void log_failure(const std::string& what, const Error& error) {
    std::fprintf(stderr, "sandbox-portal: clipboard: %s: %s\n", what.c_str(),
                 error.message().c_str());
}

}  // namespace

ClipboardPortal::ClipboardPortal(sdbus::IObject& desktop_object, Requests& requests,
                                 CallerIdentifier& callers, LoadGrant load_grant,
                                 SaveGrant save_grant, std::unique_ptr<HostClipboard> host)
    : Clipboard_adaptor(desktop_object),
      object_(desktop_object),
      requests_(requests),
      callers_(callers),
      load_grant_(std::move(load_grant)),
      save_grant_(std::move(save_grant)),
      host_(std::move(host)),
      backends_(desktop_object.getConnection()) {}

ClipboardPortal::~ClipboardPortal() = default;

std::string ClipboardPortal::current_sender() const {
    const auto* message = object_.getCurrentlyProcessedMessage();
    if (message == nullptr) throw_portal_error(kErrorFailed, "No message is being handled");
    return message->getSender();
}

Caller ClipboardPortal::identify(const std::string& sender) {
    auto caller = callers_.identify(sender);
    if (!caller) throw_portal_error(kErrorNotAllowed, caller.error().message());
    return std::move(*caller);
}

std::optional<bool> ClipboardPortal::remembered_answer(const Caller& caller) const {
    if (caller.is_host() || caller.app_id.empty()) return std::nullopt;
    return load_grant_(caller.app_id);
}

Caller ClipboardPortal::require_clipboard_user() {
    auto caller = identify(current_sender());
    if (!may_use_clipboard(caller, remembered_answer(caller)))
        throw_portal_error(kErrorNotAllowed, "Clipboard access was not granted to this app");
    return caller;
}

void ClipboardPortal::start_or_refuse(std::function<void(std::stop_token)> job) {
    if (!workers_.try_start(std::move(job)))
        throw_portal_error(kErrorFailed, "Too many clipboard transfers at once; try again");
}

sdbus::ObjectPath ClipboardPortal::RequestAccess(
    const std::string& parent_window, const std::map<std::string, sdbus::Variant>& options) {
    const auto sender = current_sender();
    const auto caller = identify(sender);
    auto request = requests_.create(sender, options);
    const sdbus::ObjectPath handle(request->path());
    switch (clipboard_access(caller, remembered_answer(caller))) {
        case ClipboardAccess::Granted:
            request->respond(kResponseSuccess, granted_results(true));
            break;
        case ClipboardAccess::Denied:
            request->respond(kResponseSuccess, granted_results(false));
            break;
        case ClipboardAccess::Ask:
            ask_user(request, caller.app_id, parent_window);
            break;
    }
    return handle;
}

void ClipboardPortal::ask_user(const std::shared_ptr<Request>& request, const std::string& app_id,
                               const std::string& parent_window) {
    const std::map<std::string, sdbus::Variant> dialog_options{
        {"deny_label", sdbus::Variant(std::string("Deny"))},
        {"grant_label", sdbus::Variant(std::string("Allow"))}};
    auto add_arguments = [&](sdbus::MethodCall& call) {
        call << app_id << parent_window << "Allow " + app_id + " to use the clipboard?"
             << std::string(
                    "It could read what you copy in any app, passwords included, and "
                    "replace it.")
             << std::string("You can change this later.") << dialog_options;
    };
    backends_.call(request, kAccessInterface, "AccessDialog", add_arguments,
                   [this, request, app_id](std::uint32_t response, const Options&) {
                       on_dialog_answer(request, app_id, response);
                   });
}

void ClipboardPortal::on_dialog_answer(const std::shared_ptr<Request>& request,
                                       const std::string& app_id, std::uint32_t response) {
    if (request->finished()) return;  // the app closed it: nobody to tell, nothing decided
    const auto answer = answer_to_remember(response);
    if (!answer) {
        // No backend, a failed one, or a dialog that ended without an answer: ask again next time.
        request->respond(kResponseEnded, granted_results(false));
        return;
    }
    save_grant_(app_id, *answer);
    request->respond(kResponseSuccess, granted_results(*answer));
}

void ClipboardPortal::GetMimeTypes(sdbus::Result<std::vector<std::string>>&& result) {
    require_clipboard_user();
    auto reply = std::make_shared<sdbus::Result<std::vector<std::string>>>(std::move(result));
    start_or_refuse([this, reply](std::stop_token) {
        auto types = host_->list_types(in(kListTimeout));
        if (types) {
            reply->returnResults(*types);
        } else {
            reply->returnError(sdbus::Error(kErrorFailed, types.error().message()));
        }
    });
}

sdbus::UnixFd ClipboardPortal::Read(const std::string& mime_type) {
    require_clipboard_user();
    require_valid_mime_type(mime_type);
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) throw_portal_error(kErrorFailed, "Can't make a pipe");
    sdbus::UnixFd read_end(ends[0], sdbus::adopt_fd);
    auto write_end = std::make_shared<UniqueFd>(ends[1]);
    start_or_refuse([this, mime_type, write_end](std::stop_token stop) {
        auto copied = host_->copy_content(mime_type, write_end->get(), kMaxClipboardContent,
                                          in(kReadTimeout), stop);
        if (!copied) log_failure("reading " + mime_type, copied.error());
    });
    return read_end;
}

void ClipboardPortal::Write(sdbus::Result<>&& result, std::string mime_type, sdbus::UnixFd fd) {
    require_clipboard_user();
    require_valid_mime_type(mime_type);
    if (auto usable = check_readable_content_fd(fd.get()); !usable)
        throw_portal_error(kErrorInvalidArgument, usable.error().message());
    auto content = std::make_shared<UniqueFd>(fd.release());
    auto reply = std::make_shared<sdbus::Result<>>(std::move(result));
    start_or_refuse([this, mime_type, content, reply](std::stop_token stop) {
        auto taken = [&]() -> Status {
            auto buffered =
                read_into_memfd(content->get(), kMaxClipboardContent, in(kWriteInputTimeout), stop);
            if (!buffered) return buffered.take_error();
            content->reset();
            return host_->take(mime_type, buffered->get(), in(kTakeTimeout), stop);
        }();
        if (taken) {
            reply->returnResults();
        } else {
            reply->returnError(sdbus::Error(kErrorFailed, taken.error().message()));
        }
    });
}

}  // namespace sandbox::portals

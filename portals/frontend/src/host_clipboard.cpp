#include "host_clipboard.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "clipboard_transfer.hpp"
#include "clipboard_validation.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals {
namespace {

struct Pipe {
    UniqueFd read_end;
    UniqueFd write_end;
};

Result<Pipe> make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return system_error("Can't make a pipe");
    return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::vector<std::string> with_type(std::vector<std::string> prefix, const std::string& mime_type) {
    prefix.push_back(mime_type);
    return prefix;
}

// xclip also lists X11's own targets (TARGETS, UTF8_STRING…); only MIME types reach the app.
std::vector<std::string> mime_types_in(const std::string& listing) {
    std::vector<std::string> types;
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);)
        if (is_valid_mime_type(line)) types.push_back(line);
    return types;
}

class ToolClipboard final : public HostClipboard {
  public:
    explicit ToolClipboard(ClipboardTools tools) : tools_(std::move(tools)) {}

    Result<std::vector<std::string>> list_types(Deadline deadline) override {
        auto output = make_pipe();
        if (!output) return output.take_error();
        auto tool = ToolProcess::spawn(tools_.list_types, {.out = output->write_end.get()});
        if (!tool) return tool.take_error();
        output->write_end.reset();

        // Read before waiting: a long listing would otherwise fill the pipe and stall the tool.
        auto listing = read_into_memfd(output->read_end.get(), kMaxListing, deadline, {});
        if (!listing) return listing.take_error();
        auto status = tool->wait(deadline);
        if (!status) return status.take_error();
        // Nonzero: nobody owns the clipboard (xclip, wl-paste both say so this way).
        if (*status != 0) return std::vector<std::string>{};
        auto text = read_all(listing->get());
        if (!text) return text.take_error();
        return mime_types_in(*text);
    }

    Status copy_content(const std::string& mime_type, int out, std::size_t cap, Deadline deadline,
                        const std::stop_token& stop) override {
        auto output = make_pipe();
        if (!output) return output.take_error();
        auto tool = ToolProcess::spawn(with_type(tools_.read_prefix, mime_type),
                                       {.out = output->write_end.get()});
        if (!tool) return tool.take_error();
        output->write_end.reset();
        auto relayed = relay_pipe(output->read_end.get(), out, cap, deadline, stop);
        // Past the cap, or the app gone: the tool must not wait on a full pipe until the deadline.
        output->read_end.reset();
        auto status = tool->wait(deadline, stop);
        if (!relayed) return relayed;
        if (!status) return status.take_error();
        return ok_status();
    }

    Status take(const std::string& mime_type, int content, Deadline deadline,
                const std::stop_token& stop) override {
        // Both tools read all of stdin, take the selection and fork a child that serves it; the
        // process we wait for exits then.
        auto tool = ToolProcess::spawn(with_type(tools_.write_prefix, mime_type), {.in = content});
        if (!tool) return tool.take_error();
        auto status = tool->wait(deadline, stop);
        if (!status) return status.take_error();
        if (*status != 0)
            return usage_error(tool->name() + " could not take the " + tools_.display_kind +
                               " clipboard (exit status " + std::to_string(*status) + ")");
        return wait_until_offered(mime_type, deadline, stop);
    }

  private:
    // xclip exits as soon as its child is forked, before the child's request to own the
    // selection reaches the X server: a paste right then would find the old content, or none.
    Status wait_until_offered(const std::string& mime_type, Deadline deadline,
                              const std::stop_token& stop) {
        while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline) {
            auto types = list_types(deadline);
            if (!types) return types.take_error();
            if (std::find(types->begin(), types->end(), mime_type) != types->end())
                return ok_status();
            std::this_thread::sleep_for(kOfferPollInterval);
        }
        return usage_error("The " + tools_.display_kind + " clipboard did not offer " + mime_type +
                           " in time");
    }

    static constexpr std::chrono::milliseconds kOfferPollInterval{20};
    static constexpr std::size_t kMaxListing = std::size_t{1} << 20;

    ClipboardTools tools_;
};

class NoClipboard final : public HostClipboard {
  public:
    Result<std::vector<std::string>> list_types(Deadline) override { return failure(); }
    Status copy_content(const std::string&, int, std::size_t, Deadline,
                        const std::stop_token&) override {
        return failure();
    }
    Status take(const std::string&, int, Deadline, const std::stop_token&) override {
        return failure();
    }

  private:
    static Error failure() {
        return usage_error(
            "The portal has no clipboard: neither WAYLAND_DISPLAY nor DISPLAY is set");
    }
};

bool is_set(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}

}  // namespace

ClipboardTools x11_clipboard_tools() {
    return {.display_kind = "X11",
            .list_types = {"xclip", "-selection", "clipboard", "-t", "TARGETS", "-o"},
            .read_prefix = {"xclip", "-selection", "clipboard", "-o", "-t"},
            .write_prefix = {"xclip", "-selection", "clipboard", "-i", "-t"}};
}

ClipboardTools wayland_clipboard_tools() {
    return {.display_kind = "Wayland",
            .list_types = {"wl-paste", "--list-types"},
            .read_prefix = {"wl-paste", "--no-newline", "--type"},
            .write_prefix = {"wl-copy", "--type"}};
}

std::unique_ptr<HostClipboard> make_tool_clipboard(ClipboardTools tools) {
    return std::make_unique<ToolClipboard>(std::move(tools));
}

std::unique_ptr<HostClipboard> make_host_clipboard_from_environment() {
    if (is_set("WAYLAND_DISPLAY")) return make_tool_clipboard(wayland_clipboard_tools());
    if (is_set("DISPLAY")) return make_tool_clipboard(x11_clipboard_tools());
    return std::make_unique<NoClipboard>();
}

}  // namespace sandbox::portals

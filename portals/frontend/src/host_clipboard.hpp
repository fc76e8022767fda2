#pragma once

// The host's own clipboard, as the portal reaches it: through the display server the portal
// itself was started under. Every method blocks until done or its deadline, so the portal calls
// them from worker threads, never from the D-Bus thread.

#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "host_clipboard_process.hpp"
#include "sandbox/common/error.hpp"

namespace sandbox::portals {

class HostClipboard {
  public:
    virtual ~HostClipboard() = default;

    // The MIME types the clipboard's owner offers now; none when nobody owns it.
    virtual Result<std::vector<std::string>> list_types(Deadline deadline) = 0;
    // Copies the content of `mime_type` into `out` (a pipe's write end) until it ends, `cap`
    // bytes, the deadline or a stop. Nothing is copied when the owner does not offer the type.
    virtual Status copy_content(const std::string& mime_type, int out, std::size_t cap,
                                Deadline deadline, const std::stop_token& stop) = 0;
    // Takes the clipboard, offering `content` (a regular file at offset 0) as `mime_type`. Returns
    // once the host's clipboard holds it.
    virtual Status take(const std::string& mime_type, int content, Deadline deadline,
                        const std::stop_token& stop) = 0;
};

// The command lines of one kind of display's clipboard tools.
struct ClipboardTools {
    std::string display_kind;  // "X11", "Wayland": for messages
    std::vector<std::string> list_types;
    std::vector<std::string> read_prefix;   // + MIME type: content on stdout
    std::vector<std::string> write_prefix;  // + MIME type: content from stdin
};

// xclip on the CLIPBOARD selection.
ClipboardTools x11_clipboard_tools();
// wl-paste / wl-copy from wl-clipboard.
ClipboardTools wayland_clipboard_tools();

// A clipboard reached through command-line tools run as ToolProcess.
std::unique_ptr<HostClipboard> make_tool_clipboard(ClipboardTools tools);
// What the portal's environment names: WAYLAND_DISPLAY → Wayland, else DISPLAY → X11, else a
// clipboard whose every method fails with one line saying there is no display.
std::unique_ptr<HostClipboard> make_host_clipboard_from_environment();

}  // namespace sandbox::portals

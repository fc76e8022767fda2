#pragma once

// What of a FileChooser call reaches the backend: the keys the standard knows for that method,
// each with its type and contents checked; unknown keys are dropped (GTK sends some), as
// xdg-desktop-portal does; handle_token stays with us. Limits keep a hostile caller's megabytes
// from reaching a dialog.

#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/request.hpp"

namespace sandbox::portals {

enum class ChooserMethod { OpenFile, SaveFile, SaveFiles };

inline constexpr std::size_t kMaxLabelBytes = 4096;

Result<Options> backend_chooser_options(const Options& options, ChooserMethod method);

// The backend's results the caller may see besides the URIs: choices a(ss) and current_filter
// (sa(us)), each only when well-formed.
Options caller_chooser_results(const Options& backend_results);

// A string argument (a title, a label) within kMaxLabelBytes.
bool is_short_string(const std::string& text);

}  // namespace sandbox::portals

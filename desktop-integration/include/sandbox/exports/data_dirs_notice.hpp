#pragma once

// `sandbox` tells the user once that the desktop will not show exported apps until the next
// login (when the profile.d snippet or the systemd generator adds the exports to XDG_DATA_DIRS).
// libc only: `sandbox` itself (the small front, docs/PERFORMANCE.md) links it for `run`.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace sandbox::exports {

// Whether `directory` is one of XDG_DATA_DIRS' entries (`data_dirs` as the variable holds it;
// empty means the default /usr/local/share:/usr/share).
bool is_on_data_dirs(std::string_view data_dirs, const std::filesystem::path& directory);

// $XDG_STATE_HOME/sandbox/exports-notice (~/.local/state/…): it exists once the notice was given.
std::filesystem::path notice_marker();

// The notice naming those of `exports_shares` (BASE/exports/share) that exist and are not on
// $XDG_DATA_DIRS, when the marker does not exist yet; creates the marker when it returns one.
// Costs no system call when all are on XDG_DATA_DIRS, one stat when the notice was given.
std::optional<std::string> data_dirs_notice_once(
    std::span<const std::filesystem::path> exports_shares);
std::optional<std::string> data_dirs_notice_once(const std::filesystem::path& exports_share);

}  // namespace sandbox::exports

#pragma once

// Filesystem permissions as Flatpak spells them: LOCATION[:ro|:rw|:create], "!LOCATION" to take
// one back, "!host:reset" to forget every earlier grant. LOCATION is host, host-os, host-etc,
// home, xdg-NAME[/sub], ~/path or /path; "~" and "home/path" are accepted and normalised.

#include <optional>
#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {

struct FilesystemEntry {
    std::string location;  // normalised: no "//", "/./" or trailing "/"
    FilesystemMode mode = FilesystemMode::ReadWrite;
    bool reset = false;  // !host:reset
    bool operator==(const FilesystemEntry&) const = default;
};

// `negated` is the --nofilesystem form (or a leading '!' in metadata, already removed).
Result<FilesystemEntry> parse_filesystem(std::string_view text, bool negated);

// The entry as Flatpak writes it in a keyfile: "home:ro", "!xdg-download", "!host:reset".
std::string unparse_filesystem(const std::string& location, FilesystemMode mode);

// The xdg-NAME prefixes Flatpak knows (xdg-desktop … xdg-run), and the part after "xdg-NAME/".
struct XdgLocation {
    std::string prefix;   // "xdg-download"
    std::string subpath;  // "" or "sub/dir"
};
std::optional<XdgLocation> split_xdg_location(std::string_view location);

// host, host-os, host-etc, home: permissions that are not a path of their own.
bool is_special_location(std::string_view location);

}  // namespace sandbox::permissions

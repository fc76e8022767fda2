#pragma once

// file: URIs for --file-forwarding, as GLib reads and writes them (g_filename_from_uri,
// g_filename_to_uri), which is what Flatpak and the apps on the other side use.

#include <optional>
#include <string>

namespace sandbox::run {

// Whether the text is a file: URI (then it names a host file or is invalid).
bool is_file_uri(const std::string& text);

// file:///PATH or file://localhost/PATH → /PATH, percent-decoded; nothing for another host, a
// fragment, a bad or NUL or '/' escape, or a path that is not absolute.
std::optional<std::string> path_of_file_uri(const std::string& uri);

// /PATH → file:///PATH, every byte but the unreserved ones and the path's separators escaped.
std::string file_uri_of_path(const std::string& path);

}  // namespace sandbox::run

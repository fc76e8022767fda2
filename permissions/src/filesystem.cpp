#include "sandbox/permissions/filesystem.hpp"

#include <array>

#include "sandbox/permissions/validation.hpp"

namespace sandbox::permissions {
namespace {

constexpr std::array<std::string_view, 4> kSpecialLocations{"home", "host", "host-os", "host-etc"};
constexpr std::array<std::string_view, 12> kXdgPrefixes{
    "xdg-desktop", "xdg-documents", "xdg-download", "xdg-music", "xdg-pictures", "xdg-public-share",
    "xdg-videos",  "xdg-templates", "xdg-data",     "xdg-cache", "xdg-config",   "xdg-run"};

struct SplitEntry {
    std::string location;
    std::optional<std::string> suffix;
};

// Splits at the first unescaped ':'; "\:" and "\\" stand for ':' and '\' in the location.
SplitEntry split_suffix(std::string_view text) {
    SplitEntry split;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            split.location += text[++i];
        } else if (text[i] == ':') {
            split.suffix = std::string(text.substr(i + 1));
            return split;
        } else {
            split.location += text[i];
        }
    }
    return split;
}

bool has_dot_dot(const std::string& location) {
    std::size_t start = 0;
    while (start <= location.size()) {
        std::size_t end = location.find('/', start);
        if (end == std::string::npos) end = location.size();
        if (location.compare(start, end - start, "..") == 0) return true;
        start = end + 1;
    }
    return false;
}

// "a//b/./c/" → "a/b/c"; the leading '/' of an absolute path stays.
std::string normalise(const std::string& location) {
    std::string result;
    std::size_t start = 0;
    while (start <= location.size()) {
        std::size_t end = location.find('/', start);
        if (end == std::string::npos) end = location.size();
        std::string component = location.substr(start, end - start);
        if (start == 0 && component.empty())
            result = "/";
        else if (!component.empty() && component != ".")
            result += (result.empty() || result.back() == '/' ? "" : "/") + component;
        start = end + 1;
    }
    return result;
}

bool is_known_location(const std::string& location) {
    return is_special_location(location) || split_xdg_location(location).has_value() ||
           location.rfind("~/", 0) == 0 || location.rfind('/', 0) == 0;
}

Result<FilesystemMode> mode_from_suffix(const std::optional<std::string>& suffix, bool negated,
                                        std::string_view text) {
    if (!suffix || suffix->empty())
        return negated ? FilesystemMode::None : FilesystemMode::ReadWrite;
    if (negated)
        return usage_error("Filesystem suffix ':" + printable(*suffix) +
                           "' does not apply to a negated filesystem (" + printable(text) + ")");
    if (*suffix == "ro") return FilesystemMode::ReadOnly;
    if (*suffix == "rw") return FilesystemMode::ReadWrite;
    if (*suffix == "create") return FilesystemMode::Create;
    return usage_error("Unknown filesystem suffix ':" + printable(*suffix) + "' in " +
                       printable(text) + ": use :ro, :rw or :create");
}

Result<FilesystemEntry> parse_reset(const SplitEntry& split, bool negated, std::string_view text) {
    if (!negated || split.location != "host")
        return usage_error("Filesystem suffix ':reset' only applies to !host (" + printable(text) +
                           ")");
    return FilesystemEntry{"host", FilesystemMode::None, true};
}

std::string canonical_spelling(std::string location) {
    if (location == "~") return "home";
    if (location.rfind("home/", 0) == 0) return "~/" + location.substr(5);
    return location;
}

}  // namespace

bool is_special_location(std::string_view location) {
    for (std::string_view special : kSpecialLocations)
        if (location == special) return true;
    return false;
}

std::optional<XdgLocation> split_xdg_location(std::string_view location) {
    std::size_t slash = location.find('/');
    std::string_view prefix = location.substr(0, slash);
    for (std::string_view known : kXdgPrefixes) {
        if (prefix != known) continue;
        std::string subpath;
        if (slash != std::string_view::npos) subpath = std::string(location.substr(slash + 1));
        return XdgLocation{std::string(prefix), subpath};
    }
    return std::nullopt;
}

Result<FilesystemEntry> parse_filesystem(std::string_view text, bool negated) {
    if (!is_safe_text(text))
        return usage_error("Invalid filesystem '" + printable(text) +
                           "': control characters or invalid UTF-8");
    SplitEntry split = split_suffix(text);
    if (split.suffix && *split.suffix == "reset") return parse_reset(split, negated, text);
    auto mode = mode_from_suffix(split.suffix, negated, text);
    if (!mode) return mode.take_error();
    if (has_dot_dot(split.location))
        return usage_error("Filesystem location '" + printable(split.location) + "' contains '..'");
    std::string location = canonical_spelling(normalise(split.location));
    if (location == "/")
        return usage_error("--filesystem=/ is not available, use --filesystem=host");
    if (!is_known_location(location))
        return usage_error("Unknown filesystem location '" + printable(location) +
                           "': use host, host-os, host-etc, home, xdg-*[/…], ~/dir or /dir");
    return FilesystemEntry{location, *mode, false};
}

std::string unparse_filesystem(const std::string& location, FilesystemMode mode) {
    std::string text;
    for (char c : location) {
        if (c == ':' || c == '\\') text += '\\';
        text += c;
    }
    switch (mode) {
        case FilesystemMode::None:
            return "!" + text;
        case FilesystemMode::ReadOnly:
            return text + ":ro";
        case FilesystemMode::Create:
            return text + ":create";
        case FilesystemMode::ReadWrite:
            break;
    }
    return text;
}

}  // namespace sandbox::permissions

#include "sandbox/run/file_forwarding_uri.hpp"

#include <string_view>

namespace sandbox::run {
namespace {

constexpr std::string_view kScheme = "file:";
// RFC 3986's unreserved characters and the sub-delimiters GLib leaves alone in a path.
constexpr std::string_view kKeptPunctuation = "-._~!$&'()*+,;=:@/";

int hex_value(char digit) {
    if (digit >= '0' && digit <= '9') return digit - '0';
    if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
    if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decoded(std::string_view text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        const char byte = static_cast<char>(high * 16 + low);
        // A NUL would end the path early, a '/' would split a name in two.
        if (byte == '\0' || byte == '/') return std::nullopt;
        decoded.push_back(byte);
        i += 2;
    }
    return decoded;
}

bool kept_as_is(unsigned char byte) {
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
           (byte >= '0' && byte <= '9') ||
           kKeptPunctuation.find(static_cast<char>(byte)) != std::string_view::npos;
}

}  // namespace

bool is_file_uri(const std::string& text) {
    return text.starts_with(kScheme);
}

std::optional<std::string> path_of_file_uri(const std::string& uri) {
    if (!is_file_uri(uri)) return std::nullopt;
    std::string_view rest = std::string_view(uri).substr(kScheme.size());
    if (rest.starts_with("//")) {
        rest.remove_prefix(2);
        const std::size_t path_start = rest.find('/');
        if (path_start == std::string_view::npos) return std::nullopt;
        const std::string_view host = rest.substr(0, path_start);
        if (!host.empty() && host != "localhost") return std::nullopt;
        rest.remove_prefix(path_start);
    }
    if (!rest.starts_with('/') || rest.find('#') != std::string_view::npos) return std::nullopt;
    return percent_decoded(rest);
}

std::string file_uri_of_path(const std::string& path) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    std::string uri = "file://";
    for (const char character : path) {
        const auto byte = static_cast<unsigned char>(character);
        if (kept_as_is(byte)) {
            uri.push_back(character);
        } else {
            uri.push_back('%');
            uri.push_back(kDigits[byte >> 4]);
            uri.push_back(kDigits[byte & 0x0f]);
        }
    }
    return uri;
}

}  // namespace sandbox::run

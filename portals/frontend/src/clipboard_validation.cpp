#include "clipboard_validation.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cctype>
#include <string>

namespace sandbox::portals {
namespace {

bool is_token_char(char c) {
    if (static_cast<unsigned char>(c) > 0x7e || c <= 0x20) return false;  // CTLs, space, non-ASCII
    return std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!is_token_char(c)) return false;
    return true;
}

bool is_parameter(std::string_view text) {
    const auto equals = text.find('=');
    return equals != std::string_view::npos && is_token(text.substr(0, equals)) &&
           is_token(text.substr(equals + 1));
}

}  // namespace

bool is_valid_mime_type(std::string_view mime_type) {
    if (mime_type.empty() || mime_type.size() > kMaxMimeTypeLength) return false;
    if (!std::isalnum(static_cast<unsigned char>(mime_type.front()))) return false;

    auto rest = mime_type;
    const auto first_semicolon = rest.find(';');
    const auto media = rest.substr(0, first_semicolon);
    const auto slash = media.find('/');
    if (slash == std::string_view::npos || !is_token(media.substr(0, slash)) ||
        !is_token(media.substr(slash + 1)))
        return false;

    if (first_semicolon == std::string_view::npos) return true;
    rest.remove_prefix(first_semicolon + 1);
    while (true) {
        const auto semicolon = rest.find(';');
        if (!is_parameter(rest.substr(0, semicolon))) return false;
        if (semicolon == std::string_view::npos) return true;
        rest.remove_prefix(semicolon + 1);
    }
}

Status check_readable_content_fd(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return usage_error("The fd is not open");
    if ((flags & O_PATH) != 0) return usage_error("The fd is an O_PATH fd");
    const int access = flags & O_ACCMODE;
    if (access != O_RDONLY && access != O_RDWR)
        return usage_error("The fd is not open for reading");

    struct stat status {};
    if (fstat(fd, &status) != 0) return usage_error("The fd cannot be examined");
    if (!S_ISFIFO(status.st_mode) && !S_ISREG(status.st_mode))
        return usage_error("The fd is neither a pipe nor a regular file");
    return ok_status();
}

}  // namespace sandbox::portals

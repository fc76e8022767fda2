#pragma once

// What the clipboard portal accepts from a caller before it touches the host clipboard: a MIME
// type it can pass to xclip / wl-paste as one argument, and an fd it can read content from.

#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::portals {

inline constexpr std::size_t kMaxMimeTypeLength = 255;

// "type/subtype" with optional ";name=value" parameters, every part made of RFC 2045 token
// characters, starting with a letter or digit (so it can never read as a command-line option),
// at most kMaxMimeTypeLength bytes.
bool is_valid_mime_type(std::string_view mime_type);

// An fd the caller gave for Write: a pipe or a regular file, open for reading. The error is one
// line fit for a D-Bus error reply.
Status check_readable_content_fd(int fd);

}  // namespace sandbox::portals

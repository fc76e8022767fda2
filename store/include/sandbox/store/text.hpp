#pragma once

// Text from repositories, metadata and users may hold anything; what we print must not drive the
// user's terminal.

#include <string>
#include <string_view>

namespace sandbox::store {

// `text` with every control character (escape sequences, NUL, newlines, C1) and every byte of
// invalid UTF-8 shown as '?', cut at `limit`.
std::string printable(std::string_view text, std::size_t limit = 200);

}  // namespace sandbox::store

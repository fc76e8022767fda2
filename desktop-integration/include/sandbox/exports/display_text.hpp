#pragma once

// Text an exported file shows the user (Name, GenericName, Comment, Keywords): the app chose it,
// so it may carry terminal escapes or bidi overrides meant to disguise it (CVE-2023-28101).

#include <string>
#include <string_view>

namespace sandbox::exports {

// True for C0 and C1 controls, DEL, bidi embeddings/overrides/isolates and marks, and the line
// and paragraph separators.
bool is_disguising_character(char32_t code_point);

// `text` (valid UTF-8) without those characters.
std::string clean_display_text(std::string_view text);

// Whether `text` holds any of them.
bool has_disguising_characters(std::string_view text);

}  // namespace sandbox::exports

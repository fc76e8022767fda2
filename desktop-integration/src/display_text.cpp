#include "sandbox/exports/display_text.hpp"

#include <glib.h>

namespace sandbox::exports {

bool is_disguising_character(char32_t code_point) {
    if (code_point < 0x20 || (code_point >= 0x7f && code_point <= 0x9f)) return true;
    switch (code_point) {
        case 0x061c:  // arabic letter mark
        case 0x200e:  // left-to-right mark
        case 0x200f:  // right-to-left mark
        case 0x2028:  // line separator
        case 0x2029:  // paragraph separator
            return true;
        default:
            break;
    }
    return (code_point >= 0x202a && code_point <= 0x202e) ||  // embeddings, overrides
           (code_point >= 0x2066 && code_point <= 0x2069);    // isolates
}

std::string clean_display_text(std::string_view text) {
    std::string cleaned;
    const char* end = text.data() + text.size();
    for (const char* p = text.data(); p < end;) {
        const gunichar code_point = g_utf8_get_char_validated(p, end - p);
        if (code_point == static_cast<gunichar>(-1) || code_point == static_cast<gunichar>(-2))
            return cleaned;  // callers pass valid UTF-8 (GKeyFile checks it); stop at garbage
        const char* next = g_utf8_next_char(p);
        if (!is_disguising_character(code_point)) cleaned.append(p, next);
        p = next;
    }
    return cleaned;
}

bool has_disguising_characters(std::string_view text) {
    return clean_display_text(text) != text;
}

}  // namespace sandbox::exports

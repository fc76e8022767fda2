#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

// The length of the valid UTF-8 sequence `text` starts with (its code point in `code`), or 0.
std::size_t utf8_sequence(std::string_view text, char32_t& code) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char first = byte(0);
    if (first < 0x80) {
        code = first;
        return 1;
    }
    const std::size_t length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc2 ? 2 : 0;
    if (length == 0 || first > 0xf4 || text.size() < length) return 0;
    code = first & (0x7fu >> length);
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0) != 0x80) return 0;
        code = (code << 6) | (byte(i) & 0x3f);
    }
    constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    bool valid = code >= kSmallest[length] && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? length : 0;
}

}  // namespace

std::string printable(std::string_view text, std::size_t limit) {
    std::string shown;
    std::string_view cut = text.substr(0, limit);
    for (std::size_t i = 0; i < cut.size();) {
        char32_t code = 0;
        std::size_t length = utf8_sequence(cut.substr(i), code);
        // C1 controls (U+0080..U+009F) are escape sequences to some terminals, and so is a lone
        // 0x9b byte to one in an 8-bit locale: invalid UTF-8 is shown as '?' too.
        bool control = length == 0 || code < 0x20 || (code >= 0x7f && code <= 0x9f);
        shown += control ? std::string_view("?") : cut.substr(i, length);
        i += length == 0 ? 1 : length;
    }
    if (text.size() > limit) shown += "…";
    return shown;
}

}  // namespace sandbox::store

#include "sandbox/store/text.hpp"

namespace sandbox::store {

std::string printable(std::string_view text, std::size_t limit) {
    std::string shown;
    std::string_view cut = text.substr(0, limit);
    for (std::size_t i = 0; i < cut.size(); ++i) {
        auto byte = static_cast<unsigned char>(cut[i]);
        // C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) are escape sequences to some terminals.
        bool c1 = byte == 0xc2 && i + 1 < cut.size() &&
                  static_cast<unsigned char>(cut[i + 1]) >= 0x80 &&
                  static_cast<unsigned char>(cut[i + 1]) <= 0x9f;
        if (c1) ++i;
        shown += (byte < 0x20 || byte == 0x7f || c1) ? '?' : cut[i];
    }
    if (text.size() > limit) shown += "…";
    return shown;
}

}  // namespace sandbox::store

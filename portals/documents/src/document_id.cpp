#include "document_id.hpp"

#include <sys/random.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace sandbox::portals::documents {

std::string random_document_id() {
    constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::array<std::uint8_t, 8> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got > 0) filled += static_cast<std::size_t>(got);
    }
    std::string id;
    // 252 = 7 * 36: values above it are redrawn so that every character is equally likely.
    for (std::uint8_t byte : bytes) {
        while (byte >= 252) {
            if (getrandom(&byte, 1, 0) != 1) byte = 255;
        }
        id.push_back(kAlphabet[byte % kAlphabet.size()]);
    }
    return id;
}

}  // namespace sandbox::portals::documents

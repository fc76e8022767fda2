// store/src/glib_checksum_nettle.cpp (GChecksum on nettle, which sandbox-cli's libostree calls)
// against GLib's own code, still reached through g_compute_checksum_for_data: libglib binds
// that call to its own GChecksum.
#include <glib.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr GChecksumType kTypes[] = {G_CHECKSUM_MD5, G_CHECKSUM_SHA1, G_CHECKSUM_SHA256,
                                    G_CHECKSUM_SHA384, G_CHECKSUM_SHA512};

std::vector<guchar> random_bytes(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    std::vector<guchar> bytes(size);
    for (guchar& byte : bytes) byte = static_cast<guchar>(generator());
    return bytes;
}

std::string glib_reference(GChecksumType type, const std::vector<guchar>& data) {
    gchar* text = g_compute_checksum_for_data(type, data.data(), data.size());
    std::string result = text;
    g_free(text);
    return result;
}

// Fed in uneven pieces, so that block boundaries fall everywhere.
std::string ours_in_pieces(GChecksumType type, const std::vector<guchar>& data, unsigned seed) {
    std::mt19937 generator(seed);
    GChecksum* checksum = g_checksum_new(type);
    for (std::size_t offset = 0; offset < data.size();) {
        const std::size_t piece = std::min<std::size_t>(data.size() - offset, generator() % 200);
        g_checksum_update(checksum, data.data() + offset, static_cast<gssize>(piece));
        offset += piece;
    }
    std::string result = g_checksum_get_string(checksum);
    g_checksum_free(checksum);
    return result;
}

struct WarningCounter {
    WarningCounter() {
        previous = g_log_set_default_handler([](const gchar*, GLogLevelFlags, const gchar*,
                                                gpointer count) { ++*static_cast<int*>(count); },
                                             &count);
    }
    ~WarningCounter() { g_log_set_default_handler(previous, nullptr); }
    int count = 0;
    GLogFunc previous;
};

TEST(GlibChecksum, SameDigestsAsGlibForEveryTypeAndSize) {
    for (GChecksumType type : kTypes) {
        for (std::size_t size : {0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000, 100000}) {
            const auto data = random_bytes(size, static_cast<unsigned>(size));
            EXPECT_EQ(ours_in_pieces(type, data, static_cast<unsigned>(size) + 1),
                      glib_reference(type, data))
                << "type " << type << ", " << size << " bytes";
        }
    }
}

TEST(GlibChecksum, DigestIsTheStringsBytes) {
    const auto data = random_bytes(300, 7);
    for (GChecksumType type : kTypes) {
        GChecksum* checksum = g_checksum_new(type);
        g_checksum_update(checksum, data.data(), static_cast<gssize>(data.size()));
        guint8 digest[64];
        gsize length = sizeof digest;
        g_checksum_get_digest(checksum, digest, &length);
        ASSERT_EQ(static_cast<gssize>(length), g_checksum_type_get_length(type));
        std::string hex;
        char pair[3];
        for (gsize i = 0; i < length; ++i) {
            std::snprintf(pair, sizeof pair, "%02x", digest[i]);
            hex += pair;
        }
        EXPECT_EQ(hex, g_checksum_get_string(checksum));
        g_checksum_free(checksum);
    }
}

TEST(GlibChecksum, ClosedByTheDigestUntilReset) {
    const auto data = random_bytes(100, 3);
    GChecksum* checksum = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(checksum, data.data(), static_cast<gssize>(data.size()));
    const std::string digest = g_checksum_get_string(checksum);
    {
        WarningCounter warnings;
        g_checksum_update(checksum, data.data(), 1);
        EXPECT_EQ(warnings.count, 1);
    }
    EXPECT_EQ(digest, g_checksum_get_string(checksum));
    g_checksum_reset(checksum);
    g_checksum_update(checksum, data.data(), static_cast<gssize>(data.size()));
    EXPECT_EQ(digest, g_checksum_get_string(checksum));
    g_checksum_free(checksum);
}

TEST(GlibChecksum, CopyCarriesOnAlone) {
    const auto data = random_bytes(200, 5);
    GChecksum* original = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(original, data.data(), 100);
    GChecksum* copy = g_checksum_copy(original);
    g_checksum_update(original, data.data() + 100, 100);
    g_checksum_update(copy, data.data() + 100, 100);
    EXPECT_EQ(std::string(g_checksum_get_string(copy)), g_checksum_get_string(original));
    EXPECT_EQ(std::string(g_checksum_get_string(original)),
              glib_reference(G_CHECKSUM_SHA256, data));
    g_checksum_free(copy);
    g_checksum_free(original);
}

TEST(GlibChecksum, StringLengthAndUnknownType) {
    GChecksum* checksum = g_checksum_new(G_CHECKSUM_SHA1);
    g_checksum_update(checksum, reinterpret_cast<const guchar*>("abc"), -1);
    EXPECT_STREQ(g_checksum_get_string(checksum), "a9993e364706816aba3e25717850c26c9cd0d89d");
    g_checksum_free(checksum);
    EXPECT_EQ(g_checksum_new(static_cast<GChecksumType>(99)), nullptr);
    EXPECT_EQ(g_checksum_type_get_length(static_cast<GChecksumType>(99)), -1);
}

}  // namespace

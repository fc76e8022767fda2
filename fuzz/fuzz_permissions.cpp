// libFuzzer target: the permission groups of metadata and override keyfiles (app metadata comes
// from whoever published the app). What parses must print back to the same permissions, and the
// printed text must hold no control character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"
#include "sandbox/permissions/metadata.hpp"

namespace {

sandbox::Result<sandbox::permissions::Context> parse(std::string_view text) {
    auto keyfile = sandbox::permissions::parse_keyfile(text, "fuzz");
    if (!keyfile) return keyfile.take_error();
    sandbox::permissions::Warnings warnings;
    return sandbox::permissions::context_from_keyfile(keyfile->get(), "fuzz", warnings);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto context = parse({reinterpret_cast<const char*>(data), size});
    if (!context) {
        for (char c : context.error().message())
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
        return 0;
    }
    const std::string text = sandbox::permissions::context_to_text(*context, false);
    auto again = parse(text);
    if (!again || *again != *context) std::abort();
    return 0;
}

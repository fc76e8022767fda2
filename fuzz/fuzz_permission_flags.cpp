// libFuzzer target: the permission options of `run` and `override` (a script or a desktop file
// may pass them on). The input is an argument vector, NUL-separated. Every flag taken must leave
// a layer that `sandbox override` can save and read back unchanged, and an argument that is not
// a permission flag must be left alone for the caller's own parser.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"
#include "sandbox/permissions/metadata.hpp"

namespace {

namespace permissions = sandbox::permissions;

std::vector<std::string> split_at_nul(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args(1);
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0)
            args.emplace_back();
        else
            args.back().push_back(static_cast<char>(data[i]));
    }
    return args;
}

sandbox::Result<permissions::Context> read_back(const std::string& text) {
    auto keyfile = permissions::parse_keyfile(text, "fuzz");
    if (!keyfile) return keyfile.take_error();
    permissions::Warnings warnings;
    return permissions::context_from_keyfile(keyfile->get(), "fuzz", warnings);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> args = split_at_nul(data, size);
    permissions::Context layer;
    std::size_t index = 0;
    while (index < args.size()) {
        const std::size_t before = index;
        auto taken = permissions::take_permission_flag(std::span(args), index, layer);
        if (!taken) {
            if (taken.error().message().find('\n') != std::string::npos) std::abort();
            return 0;
        }
        if (!*taken) {
            if (index != before) std::abort();  // not ours: untouched
            ++index;
        } else if (index <= before || index > args.size()) {
            std::abort();
        }
    }
    auto again = read_back(permissions::context_to_text(layer, false));
    if (!again || *again != layer) std::abort();
    return 0;
}

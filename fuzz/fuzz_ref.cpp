// libFuzzer target: ref and runtime-field parsing (refs come from remotes and app metadata).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sandbox/store/ref.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto parsed :
         {sandbox::store::parse_ref(text), sandbox::store::parse_runtime_field(text)}) {
        if (!parsed.ok()) continue;
        // A ref that parses never leads out of its directory when used as a path.
        for (const auto& part : {parsed->id, parsed->arch, parsed->branch})
            if (part.empty() || part.find('/') != std::string::npos || part == "." || part == "..")
                std::abort();
        if (sandbox::store::parse_ref(parsed->str()).value() != *parsed &&
            parsed->kind == sandbox::store::RefKind::App)
            std::abort();
    }
    return 0;
}

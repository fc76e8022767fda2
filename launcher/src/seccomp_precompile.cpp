// seccomp-precompile OUTPUT: writes the default policy's 16 programs (every combination of
// SeccompOptions), compiled by libseccomp, as C++ arrays that default_seccomp.cpp includes.
// Run at build time only.

#include <cstdio>
#include <string>

#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {
namespace {

std::string program_array(std::size_t index, const SeccompProgram& program) {
    std::string text = "constexpr sock_filter kProgram" + std::to_string(index) + "[] = {\n";
    char line[64];
    for (const sock_filter& instruction : program) {
        std::snprintf(line, sizeof line, "    {0x%04x, %u, %u, 0x%08x},\n", instruction.code,
                      instruction.jt, instruction.jf, instruction.k);
        text += line;
    }
    return text + "};\n";
}

Result<std::string> generated_source() {
    std::string text =
        "// Generated at build time by seccomp-precompile from launcher/src/seccomp_policy.cpp.\n";
    std::string table = "constexpr std::span<const sock_filter> kPrograms[] = {\n";
    for (std::size_t index = 0; index < kDefaultSeccompPrograms; ++index) {
        const SeccompOptions options = default_seccomp_options_at(index);
        auto program = compile_seccomp_program(default_seccomp_rules(options), options);
        if (!program) return program.take_error();
        text += program_array(index, *program);
        table += "    kProgram" + std::to_string(index) + ",\n";
    }
    return text + table + "};\n";
}

}  // namespace
}  // namespace sandbox::launcher

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fputs("usage: seccomp-precompile OUTPUT\n", stderr);
        return 2;
    }
    auto source = sandbox::launcher::generated_source();
    if (!source) {
        std::fprintf(stderr, "seccomp-precompile: %s\n", source.error().message().c_str());
        return 1;
    }
    std::FILE* out = std::fopen(argv[1], "w");
    if (out == nullptr || std::fputs(source->c_str(), out) < 0 || std::fclose(out) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    return 0;
}

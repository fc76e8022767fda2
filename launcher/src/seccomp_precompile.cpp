// seccomp-precompile OUTPUT: writes the default policy's programs for the 16 combinations of
// SeccompOptions (the rules' program and the allowlist program of each), compiled by libseccomp,
// as C++ arrays that default_seccomp.cpp includes.
// Run at build time only.

#include <cstdio>
#include <string>

#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::launcher {
namespace {

std::string program_array(const std::string& name, const SeccompProgram& program) {
    std::string text = "constexpr sock_filter " + name + "[] = {\n";
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
    std::string rules_table = "constexpr std::span<const sock_filter> kRulesPrograms[] = {\n";
    std::string allowlist_table =
        "constexpr std::span<const sock_filter> kAllowlistPrograms[] = {\n";
    for (std::size_t index = 0; index < kDefaultSeccompPrograms; ++index) {
        const SeccompOptions options = default_seccomp_options_at(index);
        auto rules = compile_seccomp_program(default_seccomp_rules(options), options);
        if (!rules) return rules.take_error();
        auto allowlist = compile_allowlist_program(options);
        if (!allowlist) return allowlist.take_error();
        const std::string suffix = std::to_string(index);
        text += program_array("kRules" + suffix, *rules);
        text += program_array("kAllowlist" + suffix, *allowlist);
        rules_table += "    kRules" + suffix + ",\n";
        allowlist_table += "    kAllowlist" + suffix + ",\n";
    }
    return text + rules_table + "};\n" + allowlist_table + "};\n";
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

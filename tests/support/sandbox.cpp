#include "support/sandbox.hpp"

#include <cstdlib>

namespace sandbox::test {

std::filesystem::path launcher_path() {
    const char* chosen = std::getenv("SANDBOX_TEST_LAUNCHER");
    return chosen != nullptr && *chosen != '\0' ? chosen : SANDBOX_TEST_DEFAULT_LAUNCHER;
}

std::filesystem::path probe_path() {
    return SANDBOX_TEST_PROBE;
}

bool is_bwrap() {
    return launcher_path().filename() == "bwrap";
}

std::vector<std::string> minimal_sandbox_args() {
    return {"--ro-bind",
            probe_path().string(),
            kProbeInSandbox,
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--unshare-all",
            "--die-with-parent"};
}

std::vector<std::string> sandbox_command(const std::vector<std::string>& options,
                                         const std::vector<std::string>& probe_args) {
    std::vector<std::string> command{launcher_path().string()};
    for (const auto& list : {minimal_sandbox_args(), options}) {
        command.insert(command.end(), list.begin(), list.end());
    }
    command.push_back("--");
    command.push_back(kProbeInSandbox);
    command.insert(command.end(), probe_args.begin(), probe_args.end());
    return command;
}

KeyValues parse_key_values(std::string_view text) {
    KeyValues values;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        auto equals = line.find('=');
        if (equals == std::string_view::npos) continue;
        values.emplace(std::string(line.substr(0, equals)), std::string(line.substr(equals + 1)));
    }
    return values;
}

std::optional<std::string> value_of(const KeyValues& values, const std::string& key) {
    auto found = values.find(key);
    if (found == values.end()) return std::nullopt;
    return found->second;
}

std::vector<std::string> values_of(const KeyValues& values, const std::string& key) {
    std::vector<std::string> all;
    auto [first, last] = values.equal_range(key);
    for (auto it = first; it != last; ++it) all.push_back(it->second);
    return all;
}

}  // namespace sandbox::test

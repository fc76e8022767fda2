#include "bench_options.hpp"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <sstream>
#include <string_view>

namespace sandbox::bench {
namespace {

Result<int> parse_count(std::string_view option, std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1)
        return usage_error(std::string(option) + " needs a positive number, not '" +
                           std::string(text) + "'");
    return value;
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> parts;
    std::stringstream stream{std::string(text)};
    for (std::string part; std::getline(stream, part, ',');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

std::string default_launcher_path() {
    std::error_code error;
    auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return "sandbox-launch";
    return (self.parent_path() / "sandbox-launch").string();
}

Status apply_option(BenchOptions& options, std::string_view option, std::string_view value) {
    if (option == "--launcher") {
        options.launcher_path = value;
    } else if (option == "--bwrap") {
        options.bwrap_path = value;
    } else if (option == "--runs") {
        auto runs = parse_count(option, value);
        if (!runs) return runs.take_error();
        options.runs = *runs;
    } else if (option == "--large-runs") {
        auto runs = parse_count(option, value);
        if (!runs) return runs.take_error();
        options.large_runs = *runs;
    } else if (option == "--warmup") {
        auto runs = parse_count(option, value);
        if (!runs) return runs.take_error();
        options.warmup_runs = *runs;
    } else if (option == "--cases") {
        options.case_names = split_commas(value);
    } else if (option == "--replay") {
        options.replay_dir = value;
    } else if (option == "--flatpak-app") {
        options.flatpak_app = value;
    } else {
        return usage_error("Unknown option " + std::string(option) + " (see --help)");
    }
    return ok_status();
}

}  // namespace

Result<BenchOptions> parse_options(int argc, char** argv) {
    BenchOptions options;
    for (int index = 1; index < argc; ++index) {
        std::string_view option = argv[index];
        if (option == "--help" || option == "-h") {
            options.show_help = true;
            continue;
        }
        if (index + 1 >= argc)
            return usage_error(std::string(option) + " needs a value (see --help)");
        SANDBOX_TRY(apply_option(options, option, argv[++index]));
    }
    if (options.launcher_path.empty()) options.launcher_path = default_launcher_path();
    return options;
}

std::string usage_text(const char* program) {
    return std::string("usage: ") + program + R"( [OPTIONS]

Times sandbox-launch against bwrap with the same options, interleaved (a, b, a, b, ...), each
launch from spawn to reaped exit, and prints medians, p90s and the ratio sandbox-launch/bwrap.
Started as root, it first becomes the tests' unprivileged user sandbox-test.

  --launcher PATH    sandbox-launch to time (default: next to this program)
  --bwrap PATH       bubblewrap to compare with (default: /usr/bin/bwrap)
  --runs N           launches per launcher for the small cases (default: 50)
  --large-runs N     launches per launcher for 1000 binds (default: 10)
  --warmup N         uncounted launches per launcher before each case (default: 3)
  --cases LIST       comma-separated subset of: minimal,binds-10,binds-100,binds-1000,
                     flatpak-replay,flatpak-run (default: all that the options allow)
  --replay DIR       adds flatpak-replay: the bwrap arguments and fds of one `flatpak run`,
                     captured into DIR by bench/flatpak, given to each launcher
  --flatpak-app ID   adds flatpak-run: `flatpak run ID` with FLATPAK_BWRAP set to each
                     launcher, in this process's environment (HOME, XDG_*...)
)";
}

}  // namespace sandbox::bench

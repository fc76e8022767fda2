#include "bench_options.hpp"

#include <string_view>

#include "option_parsing.hpp"

namespace sandbox::bench {
namespace {

Status apply_option(BenchOptions& options, std::string_view option, std::string_view value) {
    if (option == "--launcher") {
        options.launcher_path = value;
    } else if (option == "--bwrap") {
        options.bwrap_path = value;
    } else if (option == "--runs") {
        return apply_count(options.runs, option, value);
    } else if (option == "--large-runs") {
        return apply_count(options.large_runs, option, value);
    } else if (option == "--warmup") {
        return apply_count(options.warmup_runs, option, value);
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
    auto apply = [&](std::string_view option, std::string_view value) {
        return apply_option(options, option, value);
    };
    SANDBOX_TRY(parse_option_pairs(argc, argv, options.show_help, apply));
    if (options.launcher_path.empty())
        options.launcher_path = program_next_to_this_one("sandbox-launch");
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

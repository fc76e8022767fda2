#include "app_bench_options.hpp"

#include <string_view>

#include "option_parsing.hpp"

namespace sandbox::bench {
namespace {

Status add_other_sandbox(AppBenchOptions& options, std::string_view value) {
    const std::size_t equals = value.find('=');
    if (equals == std::string_view::npos || equals == 0 || equals + 1 == value.size())
        return usage_error("--also needs LABEL=PATH, not '" + std::string(value) + "'");
    options.other_sandboxes.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    return ok_status();
}

Status apply_option(AppBenchOptions& options, std::string_view option, std::string_view value) {
    const std::pair<std::string_view, std::string*> paths[] = {
        {"--sandbox", &options.sandbox_path},  {"--flatpak", &options.flatpak_path},
        {"--bwrap", &options.bwrap_path},      {"--app", &options.app},
        {"--second-app", &options.second_app}, {"--runtime", &options.runtime},
        {"--replay", &options.replay_dir},     {"--install-data-home", &options.install_data_home},
        {"--data", &options.data_file},
    };
    for (const auto& [name, target] : paths) {
        if (option != name) continue;
        *target = value;
        return ok_status();
    }
    if (option == "--runs") return apply_count(options.runs, option, value);
    if (option == "--install-runs") return apply_count(options.install_runs, option, value);
    if (option == "--warmup") return apply_count(options.warmup_runs, option, value);
    if (option == "--also") return add_other_sandbox(options, value);
    if (option == "--cases") {
        options.case_names = split_commas(value);
        return ok_status();
    }
    return usage_error("Unknown option " + std::string(option) + " (see --help)");
}

}  // namespace

Result<AppBenchOptions> parse_app_bench_options(int argc, char** argv) {
    AppBenchOptions options;
    auto apply = [&](std::string_view option, std::string_view value) {
        return apply_option(options, option, value);
    };
    SANDBOX_TRY(parse_option_pairs(argc, argv, options.show_help, apply));
    if (options.sandbox_path.empty()) options.sandbox_path = program_next_to_this_one("sandbox");
    return options;
}

std::string app_bench_usage(const char* program) {
    return std::string("usage: ") + program + R"( [OPTIONS]

Times `sandbox` against Flatpak on one Flatpak-built app installed in both (bench/apps builds
the installations and passes the options), interleaved, and prints medians, p90s and ratios:
  run      `sandbox run APP` vs `flatpak run APP` vs bwrap replaying flatpak's own arguments,
           no session bus
  run-bus  `sandbox run APP` vs `flatpak run APP` with a private session bus (dbus-daemon with
           the session policy and nothing to activate) as DBUS_SESSION_BUS_ADDRESS: each starts
           xdg-dbus-proxy and waits until it listens; in the same rounds, `sandbox run
           --socket=session-bus` (the real bus, no proxy) and both without a bus
  run-bus-a11y  the same with the accessibility bus (at-spi-bus-launcher, started once before
           the timed runs) on that bus: both proxy it too, as on a desktop
  install  `sandbox install`/`uninstall` vs `flatpak --user install`/`uninstall` of the runtime
           and the app, from the same local repository (remote "local" in both)
  disk     both installations ($XDG_DATA_HOME/sandbox and /flatpak) holding the runtime and two
           apps: bytes on disk, each inode once, against the deployments' own bytes
Started as root, it first becomes the tests' unprivileged user sandbox-test.

  --sandbox PATH           sandbox to time (default: next to this program)
  --flatpak PATH           flatpak (default: /usr/bin/flatpak)
  --bwrap PATH             bubblewrap for the replay (default: /usr/bin/bwrap)
  --app ID                 the app both installations run (run, run-bus*, disk)
  --second-app ID          a second app on the same runtime (disk)
  --runtime ID             their runtime (install, disk)
  --replay DIR             flatpak's bwrap arguments and fds for `flatpak run APP`, as
                           bench/flatpak captures them (run)
  --install-data-home DIR  XDG_DATA_HOME of the installations the install case fills and
                           empties; both must have the remote "local" (install)
  --also LABEL=PATH        another `sandbox` to time in the run case (repeatable), e.g. a build
                           of an older commit: its median is compared with this one's
  --runs N                 launches per contender, run cases (default: 100)
  --install-runs N         install/uninstall cycles per contender (default: 20)
  --warmup N               uncounted repetitions per contender and case (default: 3)
  --cases LIST             comma-separated subset of run,run-bus,run-bus-a11y,install,disk
                           (default: all)
  --data FILE              also write the medians there, for bench/plot.gp
)";
}

}  // namespace sandbox::bench

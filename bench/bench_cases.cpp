#include "bench_cases.hpp"

#include <algorithm>

#include "flatpak_replay.hpp"

namespace sandbox::bench {
namespace {

constexpr double kMinimalTarget = 1.0;
constexpr double kMostBindsTarget = 0.05;
constexpr const char* kFlatpak = "/usr/bin/flatpak";

// BASELINE.md's minimal sandbox: the host /usr as the runtime, an app dir, /proc, /dev, /tmp.
std::vector<std::string> minimal_options(const BenchFixture& fixture) {
    // One option per line.
    // clang-format off
    return {
        "--ro-bind", "/usr", "/usr",
        "--symlink", "usr/bin", "/bin",
        "--symlink", "usr/lib", "/lib",
        "--symlink", "usr/lib64", "/lib64",
        "--symlink", "usr/sbin", "/sbin",
        "--ro-bind", fixture.app_dir.string(), "/app",
        "--proc", "/proc",
        "--dev", "/dev",
        "--tmpfs", "/tmp",
        "--unshare-all",
        "--die-with-parent",
    };
    // clang-format on
}

std::vector<std::string> with_binds(std::vector<std::string> options, const BenchFixture& fixture,
                                    std::size_t count) {
    for (std::size_t index = 0; index < count; ++index) {
        const auto& source = fixture.bind_sources.at(index);
        options.insert(options.end(),
                       {"--ro-bind", source.string(), "/binds/" + source.filename().string()});
    }
    return options;
}

std::vector<std::string> running_true(std::vector<std::string> options) {
    options.insert(options.end(), {"--", "/usr/bin/true"});
    return options;
}

BenchCase minimal_case(const BenchFixture& fixture, const BenchOptions& options) {
    BenchCase bench_case;
    bench_case.name = "minimal";
    bench_case.arguments = running_true(minimal_options(fixture));
    bench_case.runs = options.runs;
    bench_case.target_ratio = kMinimalTarget;
    return bench_case;
}

BenchCase binds_case(const BenchFixture& fixture, const BenchOptions& options, std::size_t count) {
    BenchCase bench_case;
    bench_case.name = "binds-" + std::to_string(count);
    bench_case.arguments = running_true(with_binds(minimal_options(fixture), fixture, count));
    bench_case.runs = count >= kMostBinds ? options.large_runs : options.runs;
    bench_case.target_ratio = count >= kMostBinds ? kMostBindsTarget : 0;
    return bench_case;
}

BenchCase flatpak_run_case(const BenchOptions& options) {
    BenchCase bench_case;
    bench_case.name = "flatpak-run";
    bench_case.driver = Driver::flatpak_run;
    bench_case.arguments = {options.flatpak_app};
    bench_case.runs = options.runs;
    return bench_case;
}

std::vector<std::string> default_case_names(const BenchOptions& options) {
    std::vector<std::string> names{"minimal", "binds-10", "binds-100", "binds-1000"};
    if (!options.replay_dir.empty()) names.push_back("flatpak-replay");
    if (!options.flatpak_app.empty()) names.push_back("flatpak-run");
    return names;
}

Result<BenchCase> make_case(const std::string& name, const BenchFixture& fixture,
                            const BenchOptions& options) {
    if (name == "minimal") return minimal_case(fixture, options);
    if (name == "binds-10") return binds_case(fixture, options, 10);
    if (name == "binds-100") return binds_case(fixture, options, 100);
    if (name == "binds-1000") return binds_case(fixture, options, kMostBinds);
    if (name == "flatpak-replay" && !options.replay_dir.empty())
        return load_replay_case(options.replay_dir, options.runs);
    if (name == "flatpak-run" && !options.flatpak_app.empty()) return flatpak_run_case(options);
    return usage_error("Unknown case '" + name +
                       "' (flatpak-replay needs --replay, flatpak-run --flatpak-app; see --help)");
}

}  // namespace

LaunchSpec BenchCase::spec_for(const std::string& launcher_path) const {
    LaunchSpec spec;
    if (driver == Driver::flatpak_run) {
        spec.argv = {kFlatpak, "run"};
        spec.environment = {"FLATPAK_BWRAP=" + launcher_path};
    } else {
        spec.argv = {launcher_path};
    }
    spec.argv.insert(spec.argv.end(), arguments.begin(), arguments.end());
    spec.files = files;
    return spec;
}

Result<std::vector<BenchCase>> make_cases(const BenchFixture& fixture,
                                          const BenchOptions& options) {
    auto names = options.case_names.empty() ? default_case_names(options) : options.case_names;
    std::vector<BenchCase> cases;
    for (const auto& name : names) {
        auto bench_case = make_case(name, fixture, options);
        if (!bench_case) return bench_case.take_error();
        cases.push_back(std::move(*bench_case));
    }
    return cases;
}

}  // namespace sandbox::bench

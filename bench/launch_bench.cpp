// launch-bench: sandbox-launch against bwrap, interleaved, same options. See --help.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bench_cases.hpp"
#include "bench_fixture.hpp"
#include "bench_options.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"
#include "statistics.hpp"
#include "timed_launch.hpp"
#include "unprivileged.hpp"

namespace sandbox::bench {
namespace {

struct Launcher {
    std::string label;
    std::string path;
};

struct CaseSamples {
    std::vector<double> sandbox_ms;
    std::vector<double> bwrap_ms;
};

Result<UniqueFd> open_dev_null() {
    return open_path(AT_FDCWD, "/dev/null", O_RDWR);
}

Status check_executable(const Launcher& launcher) {
    if (::access(launcher.path.c_str(), X_OK) != 0)
        return system_error("Can't run " + launcher.label + " at " + launcher.path);
    return ok_status();
}

// One launch with stderr kept, so that a launcher refusing the options is reported with its own
// words instead of being timed.
Status check_launch_works(const Launcher& launcher, const BenchCase& bench_case, int dev_null) {
    UniqueFd captured_stderr(::memfd_create("launch-bench-stderr", MFD_CLOEXEC));
    if (!captured_stderr) return system_error("Can't create a memfd");
    auto result = timed_launch(bench_case.spec_for(launcher.path),
                               LaunchIo{dev_null, dev_null, captured_stderr.get()});
    if (!result) return result.take_error();
    if (result->succeeded()) return ok_status();

    ::lseek(captured_stderr.get(), 0, SEEK_SET);
    auto output = read_all(captured_stderr.get());
    std::string said = output ? *output : std::string();
    while (!said.empty() && said.back() == '\n') said.pop_back();
    return usage_error(launcher.label + " failed the " + bench_case.name + " case (" +
                       result->describe_status() + "): " + said);
}

Result<double> time_one_launch(const Launcher& launcher, const BenchCase& bench_case,
                               int dev_null) {
    auto result =
        timed_launch(bench_case.spec_for(launcher.path), LaunchIo{dev_null, dev_null, dev_null});
    if (!result) return result.take_error();
    if (!result->succeeded())
        return usage_error(launcher.label + " failed during the " + bench_case.name + " case (" +
                           result->describe_status() + ")");
    return result->elapsed_ms;
}

// a, b, a, b, ...: both launchers see the same machine noise.
Result<CaseSamples> run_interleaved(const Launcher& sandbox, const Launcher& bwrap,
                                    const BenchCase& bench_case, int runs, int dev_null) {
    CaseSamples samples;
    for (int run = 0; run < runs; ++run) {
        auto sandbox_ms = time_one_launch(sandbox, bench_case, dev_null);
        if (!sandbox_ms) return sandbox_ms.take_error();
        auto bwrap_ms = time_one_launch(bwrap, bench_case, dev_null);
        if (!bwrap_ms) return bwrap_ms.take_error();
        samples.sandbox_ms.push_back(*sandbox_ms);
        samples.bwrap_ms.push_back(*bwrap_ms);
    }
    return samples;
}

void print_header(const Launcher& sandbox, const Launcher& bwrap) {
    std::printf("sandbox-launch: %s\nbwrap:          %s\n\n", sandbox.path.c_str(),
                bwrap.path.c_str());
    std::printf("%-14s %5s  %18s  %18s  %7s  %s\n", "case", "runs", "sandbox-launch ms", "bwrap ms",
                "ratio", "target");
    std::printf("%-14s %5s  %18s  %18s  %7s  %s\n", "", "", "median /    p90", "median /    p90",
                "", "");
}

void print_row(const BenchCase& bench_case, const CaseSamples& samples) {
    Summary sandbox = summarize(samples.sandbox_ms);
    Summary bwrap = summarize(samples.bwrap_ms);
    double ratio = bwrap.median_ms > 0 ? sandbox.median_ms / bwrap.median_ms : 0;
    std::string target = "-";
    if (bench_case.target_ratio > 0) {
        char text[48];
        std::snprintf(text, sizeof text, "<= %.2fx %s", bench_case.target_ratio,
                      ratio <= bench_case.target_ratio ? "met" : "MISSED");
        target = text;
    }
    std::printf("%-14s %5zu  %8.2f / %7.2f  %8.2f / %7.2f  %6.3fx  %s\n", bench_case.name.c_str(),
                samples.sandbox_ms.size(), sandbox.median_ms, sandbox.p90_ms, bwrap.median_ms,
                bwrap.p90_ms, ratio, target.c_str());
    std::fflush(stdout);
}

Status run_case(const Launcher& sandbox, const Launcher& bwrap, const BenchCase& bench_case,
                int warmup_runs, int dev_null) {
    SANDBOX_TRY(check_launch_works(sandbox, bench_case, dev_null));
    SANDBOX_TRY(check_launch_works(bwrap, bench_case, dev_null));
    auto warmup = run_interleaved(sandbox, bwrap, bench_case, warmup_runs, dev_null);
    if (!warmup) return warmup.take_error();
    auto samples = run_interleaved(sandbox, bwrap, bench_case, bench_case.runs, dev_null);
    if (!samples) return samples.take_error();
    print_row(bench_case, *samples);
    return ok_status();
}

Status run_bench(const BenchOptions& options) {
    SANDBOX_TRY(become_unprivileged_if_root());
    Launcher sandbox{"sandbox-launch", options.launcher_path};
    Launcher bwrap{"bwrap", options.bwrap_path};
    SANDBOX_TRY(check_executable(sandbox));
    SANDBOX_TRY(check_executable(bwrap));

    auto fixture = create_fixture(kMostBinds);
    if (!fixture) return fixture.take_error();
    auto cases = make_cases(*fixture, options);
    if (!cases) return cases.take_error();
    auto dev_null = open_dev_null();
    if (!dev_null) return dev_null.take_error();

    print_header(sandbox, bwrap);
    int failed = 0;
    for (const auto& bench_case : *cases) {
        // One case failing (a launcher refusing an option) does not hide the others' figures.
        if (auto status =
                run_case(sandbox, bwrap, bench_case, options.warmup_runs, dev_null->get());
            !status) {
            std::printf("%-14s failed: %s\n", bench_case.name.c_str(),
                        status.error().message().c_str());
            ++failed;
        }
    }
    if (failed > 0) return usage_error(std::to_string(failed) + " case(s) failed");
    return ok_status();
}

}  // namespace
}  // namespace sandbox::bench

int main(int argc, char** argv) {
    using namespace sandbox::bench;
    auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "launch-bench: %s\n", options.error().message().c_str());
        return 1;
    }
    if (options->show_help) {
        std::fputs(usage_text(argv[0]).c_str(), stdout);
        return 0;
    }
    if (auto status = run_bench(*options); !status) {
        std::fprintf(stderr, "launch-bench: %s\n", status.error().message().c_str());
        return 1;
    }
    return 0;
}

// app-bench: `sandbox` against Flatpak on the same installed app: run, install/uninstall, disk.
// See --help; bench/apps builds the installations and runs it.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "app_bench_options.hpp"
#include "bus_run_case.hpp"
#include "contenders.hpp"
#include "disk_usage.hpp"
#include "flatpak_replay.hpp"
#include "sandbox/common/files.hpp"
#include "statistics.hpp"
#include "timed_launch.hpp"
#include "unprivileged.hpp"

namespace sandbox::bench {
namespace {

constexpr double kRunTarget = 0.3;
constexpr double kRunStretchTarget = 0.2;
constexpr double kParity = 1.0;

// What the plot reads: one block per case, blocks separated by two blank lines (gnuplot's index).
struct PlotData {
    std::string run;
    std::string install;
    std::string disk;
};

// The run case ---------------------------------------------------------------------------------

Result<std::vector<Contender>> run_contenders(const AppBenchOptions& options) {
    if (options.app.empty() || options.replay_dir.empty())
        return usage_error("the run case needs --app and --replay (see --help)");
    auto replay = load_replay_case(options.replay_dir, options.runs);
    if (!replay) return replay.take_error();
    std::vector<Contender> contenders(3);
    contenders[0] = {"sandbox run", {{options.sandbox_path, "run", options.app}, {}, {}}, {}};
    contenders[1] = {"flatpak run", {{options.flatpak_path, "run", options.app}, {}, {}}, {}};
    contenders[2] = {"bwrap replay", replay->spec_for(options.bwrap_path), {}};
    for (const auto& [label, path] : options.other_sandboxes)
        contenders.push_back({label, {{path, "run", options.app}, {}, {}}, {}});
    return contenders;
}

void add_run_plot_rows(const std::vector<Contender>& contenders, PlotData& plot) {
    for (const Contender& contender : contenders)
        plot.run += "\"" + contender.label + "\" " +
                    std::to_string(summarize(contender.samples_ms).median_ms) + "\n";
}

Status run_case(const AppBenchOptions& options, int dev_null, PlotData& plot) {
    auto contenders = run_contenders(options);
    if (!contenders) return contenders.take_error();
    SANDBOX_TRY(run_interleaved(*contenders, options.warmup_runs, options.runs, dev_null));

    std::printf("run: `%s run %s`, interleaved, spawn to reaped exit\n",
                options.sandbox_path.c_str(), options.app.c_str());
    print_contender_table(*contenders);
    add_run_plot_rows(*contenders, plot);
    print_ratio((*contenders)[0], (*contenders)[1], {kRunTarget, kRunStretchTarget});
    print_ratio((*contenders)[0], (*contenders)[2], {kParity});
    for (std::size_t other = 3; other < contenders->size(); ++other)
        print_ratio((*contenders)[0], (*contenders)[other], {});
    std::printf("\n");
    return ok_status();
}

// The install case -----------------------------------------------------------------------------

struct InstallStep {
    std::string name;
    Contender sandbox;
    Contender flatpak;
};

InstallStep install_step(const AppBenchOptions& options, const std::string& name,
                         const std::string& verb, const std::string& id) {
    std::vector<std::string> environment{"XDG_DATA_HOME=" + options.install_data_home};
    std::vector<std::string> ours{options.sandbox_path, verb, "-y"};
    std::vector<std::string> theirs{options.flatpak_path, "--user", verb, "-y", "--noninteractive"};
    if (verb == "install") {
        ours.emplace_back("local");
        theirs.emplace_back("local");
    }
    ours.push_back(id);
    theirs.push_back(id);
    return {
        name, {"sandbox", {ours, environment, {}}, {}}, {"flatpak", {theirs, environment, {}}, {}}};
}

// Runtime then app in, app then runtime out: each step alternates the two, and who goes first
// changes every round.
std::vector<InstallStep> install_steps(const AppBenchOptions& options) {
    return {install_step(options, "install runtime", "install", options.runtime),
            install_step(options, "install app", "install", options.app),
            install_step(options, "uninstall app", "uninstall", options.app),
            install_step(options, "uninstall runtime", "uninstall", options.runtime)};
}

Status install_round(std::vector<InstallStep>& steps, int round, int dev_null, bool keep) {
    for (InstallStep& step : steps) {
        std::vector<Contender*> order{&step.sandbox, &step.flatpak};
        if (round % 2 == 1) std::swap(order[0], order[1]);
        SANDBOX_TRY(run_round(order, dev_null, keep));
    }
    return ok_status();
}

// Per round, the sum of the four steps.
Contender cycle_totals(const std::vector<InstallStep>& steps, bool ours) {
    Contender total{ours ? "sandbox" : "flatpak", {}, {}};
    for (const InstallStep& step : steps) {
        const auto& samples = ours ? step.sandbox.samples_ms : step.flatpak.samples_ms;
        total.samples_ms.resize(samples.size());
        for (std::size_t i = 0; i < samples.size(); ++i) total.samples_ms[i] += samples[i];
    }
    return total;
}

void print_install_row(const std::string& name, const Contender& ours, const Contender& theirs,
                       PlotData& plot) {
    const Summary a = summarize(ours.samples_ms);
    const Summary b = summarize(theirs.samples_ms);
    const double ratio = a.median_ms / b.median_ms;
    std::printf("  %-18s %5zu  %8.2f / %7.2f  %8.2f / %7.2f  %6.3fx  %s\n", name.c_str(),
                ours.samples_ms.size(), a.median_ms, a.p90_ms, b.median_ms, b.p90_ms, ratio,
                ratio_verdict(ratio, kParity).c_str());
    plot.install += "\"" + name + "\" " + std::to_string(a.median_ms) + " " +
                    std::to_string(b.median_ms) + "\n";
}

Status install_case(const AppBenchOptions& options, int dev_null, PlotData& plot) {
    if (options.runtime.empty() || options.app.empty() || options.install_data_home.empty())
        return usage_error("the install case needs --runtime, --app and --install-data-home");
    auto steps = install_steps(options);
    for (int round = 0; round < options.warmup_runs; ++round)
        SANDBOX_TRY(install_round(steps, round, dev_null, false));
    for (int round = 0; round < options.install_runs; ++round)
        SANDBOX_TRY(install_round(steps, round, dev_null, true));

    std::printf("install: sandbox vs flatpak --user, same local repository, interleaved\n");
    std::printf("  %-18s %5s  %18s  %18s  %7s  %s\n", "step", "runs", "sandbox ms", "flatpak ms",
                "ratio", "target");
    std::printf("  %-18s %5s  %18s  %18s\n", "", "", "median /    p90", "median /    p90");
    for (const InstallStep& step : steps)
        print_install_row(step.name, step.sandbox, step.flatpak, plot);
    print_install_row("whole cycle", cycle_totals(steps, true), cycle_totals(steps, false), plot);
    std::printf("\n");
    return ok_status();
}

// The disk case --------------------------------------------------------------------------------

struct InstallationDisk {
    std::string label;
    DiskUsage whole;
    std::uint64_t parts[3] = {};  // the runtime's, the app's and the second app's deployments
    [[nodiscard]] std::uint64_t parts_total() const { return parts[0] + parts[1] + parts[2]; }
};

Result<InstallationDisk> installation_disk(const std::string& label,
                                           const std::filesystem::path& base,
                                           const AppBenchOptions& options) {
    auto whole = disk_usage(base);
    if (!whole) return whole.take_error();
    InstallationDisk disk{label, *whole, {}};
    const std::filesystem::path parts[] = {base / "runtime" / options.runtime,
                                           base / "app" / options.app,
                                           base / "app" / options.second_app};
    for (std::size_t index = 0; index < std::size(parts); ++index) {
        auto usage = disk_usage(parts[index]);
        if (!usage) return usage.take_error();
        disk.parts[index] = usage->unique_bytes;
    }
    return disk;
}

double kib(std::uint64_t bytes) {
    return static_cast<double>(bytes) / 1024.0;
}

void print_disk_row(const InstallationDisk& disk, PlotData& plot) {
    std::printf(
        "  %-8s %12.0f  %10.0f  %8.0f  %6.0f  %6.0f  %12.0f  %8.3fx\n", disk.label.c_str(),
        kib(disk.whole.unique_bytes), kib(disk.whole.linked_bytes), kib(disk.parts[0]),
        kib(disk.parts[1]), kib(disk.parts[2]), kib(disk.parts_total()),
        static_cast<double>(disk.whole.unique_bytes) / static_cast<double>(disk.parts_total()));
    plot.disk += "\"" + disk.label + "\" " + std::to_string(kib(disk.whole.unique_bytes)) + " " +
                 std::to_string(kib(disk.whole.linked_bytes)) + " " +
                 std::to_string(kib(disk.parts_total())) + "\n";
}

Status disk_case(const AppBenchOptions& options, PlotData& plot) {
    const char* data_home = std::getenv("XDG_DATA_HOME");
    if (data_home == nullptr || options.runtime.empty() || options.app.empty() ||
        options.second_app.empty())
        return usage_error("the disk case needs XDG_DATA_HOME, --runtime, --app and --second-app");
    std::printf(
        "disk: %s and %s on %s in each installation\n"
        "  (KiB of st_blocks, each inode once; du -l counts every link)\n",
        options.app.c_str(), options.second_app.c_str(), options.runtime.c_str());
    std::printf("  %-8s %12s  %10s  %8s  %6s  %6s  %12s  %9s\n", "", "installation", "du -l",
                "runtime", "app", "app 2", "runtime+apps", "inst/sum");
    for (const auto& [label, dir] : {std::pair{"sandbox", "sandbox"}, {"flatpak", "flatpak"}}) {
        auto disk = installation_disk(label, std::filesystem::path(data_home) / dir, options);
        if (!disk) return disk.take_error();
        print_disk_row(*disk, plot);
    }
    std::printf("\n");
    return ok_status();
}

// ----------------------------------------------------------------------------------------------

Status write_plot_data(const std::string& path, const PlotData& plot) {
    std::ofstream out(path);
    out << "# app-bench medians (ms) and disk use (KiB); bench/plot.gp reads these blocks\n"
        << "# run: contender median\n"
        << plot.run << "\n\n# install: step sandbox flatpak\n"
        << plot.install << "\n\n# disk: installation unique each-link deployments\n"
        << plot.disk;
    if (!out) return system_error("Can't write " + path);
    return ok_status();
}

Status run_cases(const AppBenchOptions& options) {
    SANDBOX_TRY(become_unprivileged_if_root());
    auto dev_null = open_path(AT_FDCWD, "/dev/null", O_RDWR);
    if (!dev_null) return dev_null.take_error();
    std::vector<std::string> names = options.case_names;
    if (names.empty()) names = {"run", "run-bus", "run-bus-a11y", "install", "disk"};
    PlotData plot;
    for (const std::string& name : names) {
        if (name == "run") {
            SANDBOX_TRY(run_case(options, dev_null->get(), plot));
        } else if (name == "run-bus" || name == "run-bus-a11y") {
            std::vector<Contender> contenders;
            SANDBOX_TRY(bus_run_case(options, name == "run-bus-a11y", dev_null->get(), contenders));
            add_run_plot_rows(contenders, plot);
        } else if (name == "install") {
            SANDBOX_TRY(install_case(options, dev_null->get(), plot));
        } else if (name == "disk") {
            SANDBOX_TRY(disk_case(options, plot));
        } else {
            return usage_error("Unknown case '" + name +
                               "' (run, run-bus, run-bus-a11y, install, disk)");
        }
    }
    if (!options.data_file.empty()) SANDBOX_TRY(write_plot_data(options.data_file, plot));
    return ok_status();
}

}  // namespace
}  // namespace sandbox::bench

int main(int argc, char** argv) {
    using namespace sandbox::bench;
    auto options = parse_app_bench_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "app-bench: %s\n", options.error().message().c_str());
        return 1;
    }
    if (options->show_help) {
        std::fputs(app_bench_usage(argv[0]).c_str(), stdout);
        return 0;
    }
    if (auto status = run_cases(*options); !status) {
        std::fprintf(stderr, "app-bench: %s\n", status.error().message().c_str());
        return 1;
    }
    return 0;
}

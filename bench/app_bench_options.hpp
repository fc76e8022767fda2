#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// app-bench's options (see --help). bench/apps fills them in from the installation it builds.
struct AppBenchOptions {
    std::string sandbox_path;  // default: next to this program
    std::string flatpak_path = "/usr/bin/flatpak";
    std::string bwrap_path = "/usr/bin/bwrap";
    std::string app;         // installed in both, run by the run case
    std::string second_app;  // installed in both, counted by the disk case
    std::string runtime;     // both apps' runtime
    std::string replay_dir;  // flatpak's bwrap arguments for `flatpak run APP` (bench/flatpak)
    std::string install_data_home;  // XDG_DATA_HOME of the installations the install case cycles
    int runs = 100;                 // per contender, for the run cases
    int install_runs = 20;          // install/uninstall cycles per contender
    int warmup_runs = 3;            // per contender and case, not counted
    std::vector<std::string> case_names;  // empty: run, run-bus, run-bus-a11y, install, disk
    // More `sandbox` builds the run case times alongside (LABEL=PATH), e.g. an older commit's.
    std::vector<std::pair<std::string, std::string>> other_sandboxes;
    std::string data_file;  // where to write the medians for bench/plot.gp
    bool show_help = false;
};

Result<AppBenchOptions> parse_app_bench_options(int argc, char** argv);
std::string app_bench_usage(const char* program);

}  // namespace sandbox::bench

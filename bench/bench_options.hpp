#pragma once

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

struct BenchOptions {
    std::string launcher_path;  // sandbox-launch; default: next to this program
    std::string bwrap_path = "/usr/bin/bwrap";
    int runs = 50;        // per launcher, for the minimal case and 10/100 binds
    int large_runs = 10;  // per launcher, for 1000 binds (bwrap needs ~1.25 s for one)
    int warmup_runs = 3;  // per launcher and case, not counted
    std::vector<std::string> case_names;  // empty: all
    std::string replay_dir;   // adds "flatpak-replay": flatpak's captured bwrap arguments
    std::string flatpak_app;  // adds "flatpak-run": `flatpak run APP` with FLATPAK_BWRAP set
    bool show_help = false;
};

Result<BenchOptions> parse_options(int argc, char** argv);
std::string usage_text(const char* program);

}  // namespace sandbox::bench

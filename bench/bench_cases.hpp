#pragma once

#include <string>
#include <vector>

#include "bench_fixture.hpp"
#include "bench_options.hpp"
#include "timed_launch.hpp"

namespace sandbox::bench {

enum class Driver {
    direct,       // launcher ARGUMENTS...
    flatpak_run,  // flatpak run ARGUMENTS... with FLATPAK_BWRAP=launcher
};

// One comparison: both launchers get exactly the same arguments, files and command.
struct BenchCase {
    std::string name;
    Driver driver = Driver::direct;
    std::vector<std::string> arguments;
    std::vector<InheritedFile> files;
    int runs = 0;
    double target_ratio = 0;  // sandbox-launch/bwrap median to stay at or under; 0: none

    [[nodiscard]] LaunchSpec spec_for(const std::string& launcher_path) const;
};

inline constexpr std::size_t kMostBinds = 1000;

// The cases named in options.case_names, or by default all that the options allow, in this order:
// minimal, binds-10, binds-100, binds-1000, flatpak-replay (--replay), flatpak-run (--flatpak-app).
Result<std::vector<BenchCase>> make_cases(const BenchFixture& fixture, const BenchOptions& options);

}  // namespace sandbox::bench

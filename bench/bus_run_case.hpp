#pragma once

#include <vector>

#include "app_bench_options.hpp"
#include "contenders.hpp"

namespace sandbox::bench {

// The run case with a session bus present (issue 4): a private session bus runs for the whole
// case and both `sandbox run APP` and `flatpak run APP` get it as DBUS_SESSION_BUS_ADDRESS, so
// each starts its xdg-dbus-proxy and waits until it listens before starting the app. With
// `accessibility`, the bus can also start the accessibility bus, which both then proxy too.
// Checks first that each gives the app a bus, then times them interleaved (with, in the run-bus
// case, the same runs without a proxy and without a bus) and prints the table, the ratio and
// what the bus costs each; `contenders` gets the samples of the launches given the bus.
Status bus_run_case(const AppBenchOptions& options, bool accessibility, int dev_null,
                    std::vector<Contender>& contenders);

}  // namespace sandbox::bench

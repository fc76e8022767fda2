#include "bus_run_case.hpp"

#include <cstdio>
#include <string>

#include "bench_fixture.hpp"
#include "private_session_bus.hpp"
#include "statistics.hpp"

namespace sandbox::bench {
namespace {

constexpr double kBusRunTarget = 0.3;  // issue 4: sandbox/flatpak, medians
constexpr const char* kGdbus = "/usr/bin/gdbus";

// A desktop session has its accessibility bus running already: it is started once here, so that
// no timed run pays for its activation.
Status start_accessibility_bus(const std::string& session_address, int dev_null) {
    const Contender ask{"starting the accessibility bus (gdbus call org.a11y.Bus.GetAddress)",
                        {{kGdbus, "call", "--session", "--dest", "org.a11y.Bus", "--object-path",
                          "/org/a11y/bus", "--method", "org.a11y.Bus.GetAddress"},
                         {"DBUS_SESSION_BUS_ADDRESS=" + session_address},
                         {}},
                        {}};
    auto elapsed = time_once(ask, dev_null);
    if (!elapsed) return elapsed.take_error();
    return ok_status();
}

// Indices of the run-bus case's contenders (run-bus-a11y has the first two only).
enum BusContender : std::size_t {
    kSandbox,
    kFlatpak,
    kSandboxNoProxy,
    kSandboxNoBus,
    kFlatpakNoBus
};

bool given_the_bus(const Contender& contender) {
    return !contender.spec.environment.empty();
}

// Both through a proxy; without the accessibility bus also, in the same rounds, `sandbox run`
// given the real bus itself (--socket=session-bus, no proxy) and both without a bus, which show
// what the bus and the proxy cost.
std::vector<Contender> bus_contenders(const AppBenchOptions& options, bool accessibility,
                                      const std::string& address) {
    const std::vector<std::string> bus{"DBUS_SESSION_BUS_ADDRESS=" + address};
    const std::string suffix = accessibility ? " +a11y" : " +bus";
    const std::string& sandbox = options.sandbox_path;
    const std::string& flatpak = options.flatpak_path;
    std::vector<Contender> contenders{
        {"sandbox run" + suffix, {{sandbox, "run", options.app}, bus, {}}, {}},
        {"flatpak run" + suffix, {{flatpak, "run", options.app}, bus, {}}, {}}};
    if (accessibility) return contenders;
    contenders.push_back({"sandbox, no proxy",
                          {{sandbox, "run", "--socket=session-bus", options.app}, bus, {}},
                          {}});
    contenders.push_back({"sandbox, no bus", {{sandbox, "run", options.app}, {}, {}}, {}});
    contenders.push_back({"flatpak, no bus", {{flatpak, "run", options.app}, {}, {}}, {}});
    return contenders;
}

// Fails unless each bus the app should have is a socket inside the sandbox.
std::string bus_check_script(bool accessibility) {
    std::string script = R"(test -S "${DBUS_SESSION_BUS_ADDRESS#unix:path=}")";
    if (accessibility) script += R"( && test -S "${AT_SPI_BUS_ADDRESS#unix:path=}")";
    return script;
}

// Each contender once with the app's command replaced by the check, so that the figures cannot
// come from a launch that quietly left the bus out.
Status check_apps_get_buses(const std::vector<Contender>& contenders, bool accessibility,
                            int dev_null) {
    for (const Contender& contender : contenders) {
        if (!given_the_bus(contender)) continue;
        Contender check = contender;
        check.label = "checking that `" + contender.label + "` gives the app its " +
                      (accessibility ? "session and accessibility buses" : "session bus");
        std::vector<std::string>& argv = check.spec.argv;
        argv.insert(argv.end() - 1, "--command=sh");  // before the app's ID
        argv.insert(argv.end(), {"-c", bus_check_script(accessibility)});
        auto elapsed = time_once(check, dev_null);
        if (!elapsed) return elapsed.take_error();
    }
    return ok_status();
}

double median_ms(const Contender& contender) {
    return summarize(contender.samples_ms).median_ms;
}

void print_bus_costs(const std::vector<Contender>& contenders) {
    std::printf(
        "  the bus adds (medians): sandbox %+.2f ms (the proxy %+.2f ms), flatpak %+.2f ms\n",
        median_ms(contenders[kSandbox]) - median_ms(contenders[kSandboxNoBus]),
        median_ms(contenders[kSandbox]) - median_ms(contenders[kSandboxNoProxy]),
        median_ms(contenders[kFlatpak]) - median_ms(contenders[kFlatpakNoBus]));
}

void print_bus_results(const std::vector<Contender>& contenders, bool accessibility,
                       const std::string& address) {
    std::printf("run with a session bus%s: a private dbus-daemon (session policy),\n",
                accessibility ? " and the accessibility bus" : "");
    std::printf("  %s,\n", address.c_str());
    std::printf("  as DBUS_SESSION_BUS_ADDRESS; each starts xdg-dbus-proxy and waits for it;\n");
    if (!accessibility)
        std::printf("  \"no proxy\": --socket=session-bus; \"no bus\": none given;\n");
    std::printf("  interleaved, spawn to reaped exit\n");
    print_contender_table(contenders);
    print_ratio(contenders[kSandbox], contenders[kFlatpak], {kBusRunTarget});
    if (contenders.size() > kFlatpakNoBus) print_bus_costs(contenders);
    std::printf("\n");
}

}  // namespace

Status bus_run_case(const AppBenchOptions& options, bool accessibility, int dev_null,
                    std::vector<Contender>& contenders) {
    if (options.app.empty()) return usage_error("the run-bus cases need --app (see --help)");
    auto dir = TempDir::create("app-bench-bus");
    if (!dir) return dir.take_error();
    auto bus = PrivateSessionBus::start(dir->path(), accessibility);
    if (!bus) return bus.take_error();
    if (accessibility) SANDBOX_TRY(start_accessibility_bus(bus->address(), dev_null));
    contenders = bus_contenders(options, accessibility, bus->address());
    SANDBOX_TRY(check_apps_get_buses(contenders, accessibility, dev_null));
    SANDBOX_TRY(run_interleaved(contenders, options.warmup_runs, options.runs, dev_null));
    print_bus_results(contenders, accessibility, bus->address());
    std::erase_if(contenders, [](const Contender& contender) { return !given_the_bus(contender); });
    return ok_status();
}

}  // namespace sandbox::bench

// portal-bench: sandbox-portal against Debian's xdg-desktop-portal 1.16 (docs/PERFORMANCE.md,
// "Portal"). Each frontend runs on a private dbus-daemon of its own with the tests' scripted
// backend and a default https handler that is /bin/true (bench/portal_session.hpp); this process
// is the host app calling them.
//  - OpenURI("", "https://example.org/") until its Response, the two frontends interleaved, both
//    warm (each one's first call is not counted); the same for FileChooser.OpenFile, whose
//    backend answers at once: the frontend's own cost without a launch.
//  - sandbox-portal's VmRSS after a few requests and after many (OpenURI alone, and OpenURI
//    alternating with FileChooser.OpenFile), each on a freshly started portal.
//
// Usage: portal-bench [--rounds N] [--few N] [--many N] [--portal PROGRAM]
// (--portal: another build's sandbox-portal, or a wrapper running it under a profiler)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "portal_requests.hpp"
#include "portal_session.hpp"
#include "statistics.hpp"
#include "unprivileged.hpp"

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kUri = "https://example.org/";
constexpr double kRoundTripTarget = 0.5;
constexpr double kGrowthTarget = 1.10;
constexpr const char* kOpenFile = "org.freedesktop.impl.portal.FileChooser.OpenFile";
constexpr const char* kChooseApplication =
    "org.freedesktop.impl.portal.AppChooser.ChooseApplication";

struct Options {
    int rounds = 200;
    int few = 100;
    int many = 10000;
    fs::path portal = default_portal();
};

[[noreturn]] void die(const std::string& message) {
    std::fprintf(stderr, "portal-bench: %s\n", message.c_str());
    std::exit(1);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--portal" && i + 1 < argc) {
            options.portal = fs::absolute(argv[++i]);
            continue;
        }
        int* count = arg == "--rounds" ? &options.rounds
                     : arg == "--few"  ? &options.few
                     : arg == "--many" ? &options.many
                                       : nullptr;
        if (count == nullptr || i + 1 >= argc)
            die("usage: portal-bench [--rounds N] [--few N] [--many N] [--portal PROGRAM]");
        *count = std::atoi(argv[++i]);
        if (*count < 1) die(arg + " takes a positive number");
    }
    if (options.many < options.few) die("--many must be at least --few");
    return options;
}

void expect_success(guint32 code, const std::string& what) {
    if (code != 0) die(what + " ended with response " + std::to_string(code));
}

using Request = std::function<guint32(PortalRequests&)>;

double timed_ms(PortalRequests& requests, const Request& request, const std::string& what) {
    const auto start = Clock::now();
    const guint32 code = request(requests);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    expect_success(code, what);
    return ms;
}

void print_summary(const std::string& label, const std::vector<double>& samples) {
    const Summary summary = summarize(samples);
    std::printf("%-34s median %8.3f ms   p90 %8.3f ms   (n=%zu)\n", label.c_str(),
                summary.median_ms, summary.p90_ms, samples.size());
}

// `request` on both frontends, interleaved, each one's first call (activation) not counted.
void compare(const std::string& label, const Request& request, PortalRequests& to_ours,
             PortalRequests& to_debian, int rounds, std::optional<double> target) {
    const std::string ours_name = name_of(Frontend::Ours);
    const std::string debian_name = name_of(Frontend::Debian);
    timed_ms(to_ours, request, ours_name + " " + label);
    timed_ms(to_debian, request, debian_name + " " + label);
    std::vector<double> ours_ms;
    std::vector<double> debian_ms;
    for (int round = 0; round < rounds; ++round) {
        ours_ms.push_back(timed_ms(to_ours, request, ours_name + " " + label));
        debian_ms.push_back(timed_ms(to_debian, request, debian_name + " " + label));
    }
    std::printf("%s until its Response, host app, interleaved\n", label.c_str());
    print_summary("  " + ours_name, ours_ms);
    print_summary("  " + debian_name, debian_ms);
    const double ratio = summarize(ours_ms).median_ms / summarize(debian_ms).median_ms;
    std::printf("  ratio (ours / theirs, medians)   %.3fx", ratio);
    if (target) std::printf("   target <= %.2fx %s", *target, ratio <= *target ? "met" : "NOT met");
    std::printf("\n");
}

void round_trips(const fs::path& scratch, const Options& options) {
    PortalSession ours(Frontend::Ours, scratch / "ours", options.portal);
    PortalSession debian(Frontend::Debian, scratch / "debian", options.portal);
    PortalRequests to_ours(ours.connection());
    PortalRequests to_debian(debian.connection());
    compare(
        std::string("OpenURI(\"") + kUri + "\")",
        [](PortalRequests& requests) { return requests.open_uri(kUri); }, to_ours, to_debian,
        options.rounds, kRoundTripTarget);
    std::printf("  backend AppChooser dialogs: ours %zu, theirs %zu\n",
                ours.backend_calls(kChooseApplication), debian.backend_calls(kChooseApplication));
    compare(
        "FileChooser.OpenFile (the backend answers at once)",
        [](PortalRequests& requests) { return requests.open_file(); }, to_ours, to_debian,
        options.rounds, std::nullopt);
}

long vm_rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    die("no VmRSS for pid " + std::to_string(pid));
}

// sandbox-portal's VmRSS after `few` and after `many` requests made by `one_request(i)`.
void rss_growth(const fs::path& dir, const std::string& label, const Options& options,
                const std::function<void(PortalRequests&, int)>& one_request) {
    PortalSession session(Frontend::Ours, dir, options.portal);
    PortalRequests requests(session.connection());
    int made = 0;
    for (; made < options.few; ++made) one_request(requests, made);
    const pid_t portal = session.portal_pid();
    const long after_few = vm_rss_kb(portal);
    for (; made < options.many; ++made) one_request(requests, made);
    const long after_many = vm_rss_kb(portal);
    const double ratio = static_cast<double>(after_many) / static_cast<double>(after_few);
    std::printf("  %-22s %8ld kB %12ld kB   %.3fx   target <= %.2fx %s\n", label.c_str(), after_few,
                after_many, ratio, kGrowthTarget, ratio <= kGrowthTarget ? "met" : "NOT met");
    if (label.find("OpenFile") != std::string::npos &&
        session.backend_calls(kOpenFile) != static_cast<std::size_t>(options.many / 2))
        die("the backend saw " + std::to_string(session.backend_calls(kOpenFile)) +
            " OpenFile calls");
}

void memory_growth(const fs::path& scratch, const Options& options) {
    std::printf("%s VmRSS         after %-8d after %-8d ratio\n", name_of(Frontend::Ours).c_str(),
                options.few, options.many);
    rss_growth(scratch / "rss-open-uri", "OpenURI", options, [](PortalRequests& requests, int) {
        expect_success(requests.open_uri(kUri), "OpenURI");
    });
    rss_growth(scratch / "rss-mix", "OpenURI + OpenFile", options,
               [](PortalRequests& requests, int i) {
                   expect_success(i % 2 == 0 ? requests.open_uri(kUri) : requests.open_file(),
                                  "OpenURI/OpenFile");
               });
}

bool is_mounted_below(const fs::path& dir) {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line))
        if (line.find(" " + dir.string() + "/") != std::string::npos) return true;
    return false;
}

// The document stores unmount themselves as their portals end: only then is the tree removed.
void remove_scratch(const fs::path& scratch) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (is_mounted_below(scratch) && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (is_mounted_below(scratch)) {
        std::fprintf(stderr, "portal-bench: something is still mounted below %s; left there\n",
                     scratch.c_str());
        return;
    }
    std::error_code ignored;
    fs::remove_all(scratch, ignored);
}

fs::path make_scratch() {
    std::string pattern = (fs::temp_directory_path() / "portal-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) die("mkdtemp failed");
    return pattern;
}

}  // namespace
}  // namespace sandbox::bench

int main(int argc, char** argv) {
    using namespace sandbox::bench;
    const Options options = parse_options(argc, argv);
    if (const auto status = become_unprivileged_if_root(); !status) die(status.error().message());
    const std::filesystem::path scratch = make_scratch();
    int exit_status = 0;
    try {
        round_trips(scratch, options);
        memory_growth(scratch, options);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "portal-bench: %s\n", error.what());
        exit_status = 1;
    }
    remove_scratch(scratch);
    return exit_status;
}

#include "contenders.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"
#include "statistics.hpp"

namespace sandbox::bench {

Result<double> time_once(const Contender& contender, int dev_null) {
    UniqueFd captured(::memfd_create("app-bench-stderr", MFD_CLOEXEC));
    if (!captured) return system_error("Can't create a memfd");
    auto result = timed_launch(contender.spec, LaunchIo{dev_null, dev_null, captured.get()});
    if (!result) return result.take_error();
    if (result->succeeded()) return result->elapsed_ms;
    ::lseek(captured.get(), 0, SEEK_SET);
    auto said = read_all(captured.get());
    std::string text = said ? *said : std::string();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return usage_error(contender.label + " failed (" + result->describe_status() + "): " + text);
}

Status run_round(const std::vector<Contender*>& order, int dev_null, bool keep) {
    for (Contender* contender : order) {
        auto elapsed = time_once(*contender, dev_null);
        if (!elapsed) return elapsed.take_error();
        if (keep) contender->samples_ms.push_back(*elapsed);
    }
    return ok_status();
}

Status run_interleaved(std::vector<Contender>& contenders, int warmup, int runs, int dev_null) {
    std::vector<Contender*> order;
    for (Contender& contender : contenders) order.push_back(&contender);
    for (int round = 0; round < warmup; ++round) SANDBOX_TRY(run_round(order, dev_null, false));
    for (int round = 0; round < runs; ++round) SANDBOX_TRY(run_round(order, dev_null, true));
    return ok_status();
}

std::string ratio_verdict(double ratio, double target) {
    char text[64];
    std::snprintf(text, sizeof text, "<= %.2fx %s", target, ratio <= target ? "met" : "MISSED");
    return text;
}

void print_contender_table(const std::vector<Contender>& contenders) {
    std::printf("  %-18s %5s  %10s  %10s\n", "", "runs", "median ms", "p90 ms");
    for (const Contender& contender : contenders) {
        const Summary summary = summarize(contender.samples_ms);
        std::printf("  %-18s %5zu  %10.2f  %10.2f\n", contender.label.c_str(),
                    contender.samples_ms.size(), summary.median_ms, summary.p90_ms);
    }
}

void print_ratio(const Contender& ours, const Contender& theirs,
                 const std::vector<double>& targets) {
    const double ratio =
        summarize(ours.samples_ms).median_ms / summarize(theirs.samples_ms).median_ms;
    std::string verdicts;
    for (double target : targets)
        verdicts += (verdicts.empty() ? "" : ", ") + ratio_verdict(ratio, target);
    std::printf("  %-18s / %-18s %7.3fx  %s\n", ours.label.c_str(), theirs.label.c_str(), ratio,
                verdicts.c_str());
}

}  // namespace sandbox::bench

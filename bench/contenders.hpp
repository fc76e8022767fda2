#pragma once

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "timed_launch.hpp"

namespace sandbox::bench {

// One command timed against others: its label and how to start it.
struct Contender {
    std::string label;
    LaunchSpec spec;
    std::vector<double> samples_ms;
};

// One launch with all output to /dev/null; a failure reports what the command wrote on stderr.
Result<double> time_once(const Contender& contender, int dev_null);

// One round: each contender once, in order; `keep` false for the warm-up rounds.
Status run_round(const std::vector<Contender*>& order, int dev_null, bool keep);

// `warmup` uncounted rounds, then `runs` counted ones, the contenders interleaved.
Status run_interleaved(std::vector<Contender>& contenders, int warmup, int runs, int dev_null);

// "<= 0.30x met" or "<= 0.30x MISSED".
std::string ratio_verdict(double ratio, double target);

// The contenders' runs, medians and p90s, one row each, under a header.
void print_contender_table(const std::vector<Contender>& contenders);

// ours/theirs of the medians, with a verdict against each target.
void print_ratio(const Contender& ours, const Contender& theirs,
                 const std::vector<double>& targets);

}  // namespace sandbox::bench

#pragma once

#include <vector>

namespace sandbox::bench {

struct Summary {
    double median_ms = 0;
    double p90_ms = 0;
};

// Linear interpolation between the closest ranks; samples need not be sorted.
double percentile(std::vector<double> samples, double fraction);
Summary summarize(const std::vector<double>& samples_ms);

}  // namespace sandbox::bench

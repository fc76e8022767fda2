#include "statistics.hpp"

#include <algorithm>
#include <cmath>

namespace sandbox::bench {

double percentile(std::vector<double> samples, double fraction) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    double rank = fraction * static_cast<double>(samples.size() - 1);
    auto lower = static_cast<size_t>(std::floor(rank));
    auto upper = static_cast<size_t>(std::ceil(rank));
    double weight = rank - static_cast<double>(lower);
    return samples[lower] + (samples[upper] - samples[lower]) * weight;
}

Summary summarize(const std::vector<double>& samples_ms) {
    return Summary{percentile(samples_ms, 0.5), percentile(samples_ms, 0.9)};
}

}  // namespace sandbox::bench

#pragma once

// What a pull reports while it runs, for the CLI to show.

#include <cstdint>
#include <functional>
#include <string>

namespace sandbox::store {

struct PullProgress {
    std::uint64_t bytes = 0;  // transferred so far
    std::uint32_t objects_fetched = 0;
    std::uint32_t objects_requested = 0;  // grows while the metadata is scanned
    unsigned percent = 0;                 // never goes back
    double bytes_per_second = 0;
    bool done = false;
};

using ProgressCallback = std::function<void(const PullProgress&)>;

}  // namespace sandbox::store

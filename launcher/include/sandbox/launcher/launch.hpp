#pragma once

#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"

namespace sandbox::launcher {

struct LaunchOptions {
    std::string program_name = "sandbox";  // prefix of messages the sandbox's setup prints
};

// Carries out the plan: validates it and opens every source first (a bad plan fails here, before
// anything is created or mounted), then clones into the new namespaces, builds the root, drops
// privileges and execs. Waits for the sandbox, forwarding signals, and returns the app's exit
// status (128+N when it died of signal N). Errors in the sandbox's own setup are printed there by
// the child as one line and give status 1, as bubblewrap does.
Result<int> launch(const LaunchPlan& plan, const LaunchOptions& options = {});

}  // namespace sandbox::launcher

#pragma once

// Finding what to run: the app in the named installation, else the user's then the system's; its
// runtime in the app's installation first, then the others.

#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/run/deployment.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::run {

struct AppQuery {
    std::string id;
    std::string arch;    // empty: this machine's
    std::string branch;  // empty: the only one installed
};

// The named installation alone, or the user's then the system's.
std::vector<store::InstallationLocation> search_order(
    const std::optional<store::InstallationLocation>& named);

Result<OpenedDeployment> find_app(const std::vector<store::InstallationLocation>& installations,
                                  const AppQuery& query);

// Looks in `first` (the app's installation), then the user's and the system's.
Result<OpenedDeployment> find_runtime(const store::InstallationLocation& first,
                                      const store::Ref& runtime);

}  // namespace sandbox::run

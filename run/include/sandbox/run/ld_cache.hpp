#pragma once

// The app's ld.so.cache, kept in ~/.var/app/ID/.ld.so/CHECKSUM (CHECKSUM from the app's and the
// runtime's commits) and made on first use by the runtime's ldconfig in a helper sandbox. The
// directory is the app's to write, so it is opened without following links (a planted .ld.so
// link fails the launch), ldconfig writes only inside the helper sandbox, and the host side
// renames, reads and deletes only by name within that directory's fd, never through a path
// (GHSA-99wv-m8rp-g58x, CVE-2026-34079). What is returned is a sealed copy: the app cannot change
// it under the sandbox being built.

#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

struct LdCacheRequest {
    const AppDirs* dirs = nullptr;
    const RuntimeTree* runtime = nullptr;
    AppTree app;
    std::string app_commit;
    std::string runtime_commit;
};

Result<UniqueFd> app_ld_cache(const LdCacheRequest& request);

}  // namespace sandbox::run

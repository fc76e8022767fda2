#pragma once

// ~/.var/app/ID and its data, config, cache, cache/tmp and .local/state, created if missing and
// opened one component at a time from the home directory without following symlinks
// (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS). The app can write there, so between two runs it could
// have replaced any of them by a link to a host directory: such a link makes the launch fail with
// one line instead of being bound into the sandbox (GHSA-8688-9x26-hhxj, CVE-2024-42472).

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

struct OpenedAppDirs {
    AppDirs dirs;
    std::vector<UniqueFd> owned;
};

Result<OpenedAppDirs> open_app_dirs(const std::string& home, const std::string& app_id);

// ~/.var/app/ID/PATH for --persist=PATH, created and opened the same way, bound at ~/PATH.
Result<PersistentDir> open_persistent_dir(const AppDirs& dirs, const std::string& home,
                                          const std::string& path, std::vector<UniqueFd>& owned);

// Creates each component of `relative` under dir_fd that is missing, and opens the last one
// (O_PATH), refusing any symlink on the way. `shown` names the whole path in errors.
Result<UniqueFd> make_and_open_dir(int dir_fd, const std::string& relative,
                                   const std::string& shown);

}  // namespace sandbox::run

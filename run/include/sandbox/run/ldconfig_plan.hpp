#pragma once

// The helper sandbox that makes an app's ld.so.cache: the runtime's ldconfig run over the
// runtime at /usr and the app at /app, with nothing writable but the cache directory. Pure.

#include <string>

#include "sandbox/common/error.hpp"
#include "sandbox/launcher/plan.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// What the sandbox's /etc/ld.so.conf says when the runtime's is empty: the app's libraries first
// (Flatpak's text, so extensions' files drop in the same way).
inline constexpr const char* kGeneratedLdSoConf =
    "include /run/flatpak/ld.so.conf.d/app-*.conf\n"
    "include /app/etc/ld.so.conf\n"
    "/app/lib\n"
    "include /run/flatpak/ld.so.conf.d/runtime-*.conf\n";

// Where the helper sees the cache directory.
inline constexpr const char* kLdCacheDirInside = "/run/ld-so-cache-dir";

struct LdconfigInputs {
    const RuntimeTree* runtime = nullptr;  // files_fd, usr_merged_dirs, ldconfig
    AppTree app;
    int cache_dir_fd = -1;   // ~/.var/app/ID/.ld.so, opened without following links
    int ld_so_conf_fd = -1;  // kGeneratedLdSoConf as data; -1: the runtime's own
    std::string output;      // the file name ldconfig writes in the cache directory
};

Result<launcher::LaunchPlan> build_ldconfig_plan(const LdconfigInputs& inputs);

// The cache's name: SHA-256 of the app's and the runtime's commits, so that either changing
// makes a new one.
std::string ld_cache_checksum(const std::string& app_commit, const std::string& runtime_commit);

}  // namespace sandbox::run

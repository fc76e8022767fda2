#pragma once

// A module's build-commands, each run with /bin/sh -c in a sandbox made by sandbox-launch: the
// SDK read-only at /usr, the staged files/ writable at /app, the module's sources writable at
// /run/build/MODULE (the working directory), nothing else of the host, no network.

#include <filesystem>
#include <string>

#include "sandbox/builder/manifest.hpp"
#include "sandbox/common/error.hpp"

namespace sandbox::builder {

struct BuildSandbox {
    std::filesystem::path launcher;  // sandbox-launch
    std::filesystem::path sdk_files;
    std::filesystem::path app_files;
    std::string app_id;
};

Status run_build_commands(const BuildSandbox& sandbox, const Module& module,
                          const std::filesystem::path& module_dir);

}  // namespace sandbox::builder

// sandbox build [--repo=DIR] [--branch=B] MANIFEST: builds an app or runtime from a manifest
// (docs/MANIFEST.md) and commits it to a repository.

#include <unistd.h>

#include <cstdio>

#include "sandbox/builder/build.hpp"
#include "sandbox/store/text.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "build",
    .usage = "[OPTION…] MANIFEST",
    .description =
        "Builds the app or runtime MANIFEST describes (docs/MANIFEST.md) and commits "
        "it to a repository.\nbuild-commands run in a sandbox on the SDK, found in "
        "the installation.\n\n"
        "  --repo=DIR             the repository (default: repo; created if absent)\n"
        "  --branch=BRANCH        the branch, instead of the manifest's\n"
        "  --update-lock          resolve the Debian packages again and rewrite the lock\n"
        "                         beside the manifest (docs/RUNTIMES.md)",
    .flags = {"--update-lock"},
    .values = {"--repo", "--branch"},
};

std::filesystem::path launcher_path() {
    std::error_code ignored;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ignored);
    return self.parent_path() / "sandbox-launch";
}

builder::BuildOptions build_options(const ParsedCommand& parsed) {
    builder::BuildOptions options;
    auto repo = parsed.values.find("--repo");
    options.repo = repo != parsed.values.end() ? repo->second : "repo";
    if (auto branch = parsed.values.find("--branch"); branch != parsed.values.end())
        options.branch_override = branch->second;
    options.installations.push_back(parsed.installation.installation);
    if (!parsed.installation.chosen) options.installations.push_back(store::system_installation());
    options.launcher = launcher_path();
    options.update_lock = parsed.flags.contains("--update-lock");
    options.step = [](const std::string& line) {
        std::printf("%s\n", store::printable(line, 1000).c_str());
        std::fflush(stdout);
    };
    return options;
}

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() != 1) return fail("build needs one MANIFEST");
    auto manifest = builder::load_manifest(parsed.positional[0]);
    if (!manifest) return fail(manifest.error());
    auto built = builder::build(*manifest, build_options(parsed));
    if (!built) return fail(built.error());
    std::printf("Built %s (commit %s)\n", built->ref.c_str(), built->commit.substr(0, 12).c_str());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(build_registration, "build", "Build an app or runtime from a manifest", run);

}  // namespace sandbox::cli

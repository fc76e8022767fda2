#include "sandbox/builder/build.hpp"

#include <cstdlib>
#include <fstream>

#include "build_commands.hpp"
#include "commit.hpp"
#include "debian_app.hpp"
#include "debian_runtime.hpp"
#include "sandbox/builder/export_renames.hpp"
#include "sandbox/store/deployment.hpp"
#include "sandbox/store/ref.hpp"
#include "stage.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

// A temporary directory removed with everything in it when this goes.
class StagingDir {
  public:
    static Result<StagingDir> create() {
        const char* base = std::getenv("TMPDIR");
        std::string pattern =
            std::string(base != nullptr && *base ? base : "/tmp") + "/sandbox-build-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) return system_error("Can't create " + pattern);
        return StagingDir(pattern);
    }
    StagingDir(StagingDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;
    StagingDir& operator=(StagingDir&&) = delete;
    ~StagingDir() {
        std::error_code ignored;
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    explicit StagingDir(fs::path path) : path_(std::move(path)) {}
    fs::path path_;
};

Result<fs::path> find_sdk(const Manifest& manifest, const BuildOptions& options,
                          const std::string& arch) {
    std::string id = manifest.sdk.empty() ? manifest.runtime : manifest.sdk;
    store::Ref sdk{store::RefKind::Runtime, id, arch, manifest.runtime_version};
    for (const auto& installation : options.installations) {
        auto deployment = store::find_deployment(installation, sdk);
        if (deployment && *deployment) return (*deployment)->files();
    }
    return usage_error("The SDK " + sdk.str() +
                       " that build-commands run on is not installed (sandbox install it first)");
}

Status build_module(const Module& module, const Manifest& manifest, const BuildOptions& options,
                    const fs::path& stage, const std::string& arch) {
    fs::path module_dir = stage / "build" / module.name;
    SANDBOX_TRY(stage_sources(module, module_dir));
    if (module.buildsystem == BuildSystem::Copy)
        return copy_into(module_dir, stage / "tree" / "files");
    if (module.build_commands.empty()) return ok_status();
    if (manifest.build_runtime)
        return usage_error("Module " + module.name +
                           ": a runtime is built from copied trees only (buildsystem copy)");
    auto sdk = find_sdk(manifest, options, arch);
    if (!sdk) return sdk.take_error();
    BuildSandbox sandbox{options.launcher, *sdk, stage / "tree" / "files", manifest.id};
    return run_build_commands(sandbox, module, module_dir);
}

Status write_text(const fs::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) return system_error("Can't write " + path.string());
    return ok_status();
}

}  // namespace

Result<BuildResult> build(const Manifest& manifest, const BuildOptions& options) {
    std::string arch = store::default_arch();
    std::string branch =
        options.branch_override.empty() ? manifest.branch : options.branch_override;
    store::Ref ref{manifest.build_runtime ? store::RefKind::Runtime : store::RefKind::App,
                   manifest.id, arch, branch};
    if (!store::is_valid_branch(branch)) return usage_error("Invalid branch '" + branch + "'");
    auto metadata = manifest_metadata(manifest, branch, arch);
    if (!metadata) return metadata.take_error();
    auto stage = StagingDir::create();
    if (!stage) return stage.take_error();
    fs::path tree = stage->path() / "tree";
    std::error_code error;
    fs::create_directories(tree / "files", error);
    fs::create_directories(tree / "export", error);
    if (error) return system_error("Can't create " + tree.string(), error.value());
    CommitOptions commit_options;
    if (manifest.debian && manifest.build_runtime) {
        auto epoch = stage_debian_runtime(manifest, options, stage->path(), tree / "files");
        if (!epoch) return epoch.take_error();
        commit_options.reproducible_time = *epoch;
    } else if (manifest.debian) {
        auto epoch = build_debian_app(manifest, options, stage->path(), tree / "files", arch);
        if (!epoch) return epoch.take_error();
        commit_options.reproducible_time = *epoch;
    }
    for (const Module& module : manifest.modules) {
        if (options.step) options.step("Building module " + module.name);
        SANDBOX_TRY(build_module(module, manifest, options, stage->path(), arch));
    }
    SANDBOX_TRY(apply_export_renames(manifest.renames, manifest.id, tree / "files",
                                     manifest.debian && !manifest.build_runtime));
    SANDBOX_TRY(collect_exports(tree / "files", tree / "export", manifest.id));
    SANDBOX_TRY(write_text(tree / "metadata", *metadata));
    if (options.step) options.step("Committing " + ref.str() + " to " + options.repo.string());
    auto commit = commit_tree(options.repo, tree, ref.str(), *metadata, "Build " + manifest.id,
                              commit_options);
    if (!commit) return commit.take_error();
    return BuildResult{ref.str(), *commit};
}

}  // namespace sandbox::builder

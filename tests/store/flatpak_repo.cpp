#include "flatpak_repo.hpp"

#include <fstream>
#include <stdexcept>

#include "support/command.hpp"
#include "support/files.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

constexpr auto kToolTimeout = std::chrono::seconds(120);

std::string host_arch() {
    CommandResult result = run_command({"/usr/bin/flatpak", "--default-arch"});
    if (result.status != 0) throw std::runtime_error("flatpak --default-arch: " + result.err);
    return result.out.substr(0, result.out.find('\n'));
}

}  // namespace

FlatpakRepo::FlatpakRepo(fs::path root)
    : root_(std::move(root)), repo_(root_ / "repo"), arch_(host_arch()) {
    fs::create_directories(root_ / "home");
}

std::string FlatpakRepo::app_ref(const std::string& id) const {
    return "app/" + id + "/" + arch_ + "/" + kBranch;
}

std::string FlatpakRepo::runtime_ref(const std::string& id) const {
    return "runtime/" + id + "/" + arch_ + "/" + kBranch;
}

void FlatpakRepo::flatpak(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/flatpak"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = std::vector<std::string>{
        "PATH=/usr/bin:/bin", "LANG=C.UTF-8", "HOME=" + (root_ / "home").string(),
        "XDG_DATA_HOME=" + (root_ / "home/.local/share").string()};
    options.timeout = kToolTimeout;
    run_or_throw(argv, options);
}

void FlatpakRepo::export_runtime(const std::string& id) {
    fs::path build_dir = root_ / "build" / id;
    if (!fs::exists(build_dir / "files")) {
        CommandOptions options;
        options.timeout = kToolTimeout;
        run_or_throw({STORE_TEST_RUNTIME_SCRIPT, (build_dir / "files").string()}, options);
    }
    std::string ref = id + "/" + arch_ + "/" + kBranch;
    write_file(build_dir / "metadata",
               "[Runtime]\nname=" + id + "\nruntime=" + ref + "\nsdk=" + ref + "\n", kReadableMode);
    flatpak({"build-export", "--runtime", "--files=files", repo_.string(), build_dir.string(),
             kBranch});
}

void FlatpakRepo::export_app(const std::string& id, const std::string& greeting,
                             const std::string& runtime_id,
                             const std::vector<std::pair<std::string, std::string>>& extra_files,
                             const std::string& extra_metadata) {
    // What `flatpak build-init` makes, written by hand: build-init insists on the runtime being
    // installed in flatpak's own installation.
    fs::path build_dir = root_ / "build" / id;
    fs::remove_all(build_dir);
    std::string runtime = runtime_id + "/" + arch_ + "/" + kBranch;
    write_file(build_dir / "metadata",
               "[Application]\nname=" + id + "\nruntime=" + runtime + "\nsdk=" + runtime + "\n",
               kReadableMode);
    fs::create_directories(build_dir / "var");
    write_file(build_dir / "files/bin/hello", "#!/bin/sh\necho \"" + greeting + "\"\n",
               kExecutableMode);
    for (const auto& [name, content] : extra_files)
        write_file(build_dir / "files/share" / name, content, kReadableMode);
    flatpak({"build-finish", "--command=hello", "--share=network", "--socket=wayland",
             "--filesystem=xdg-documents:ro", build_dir.string()});
    if (!extra_metadata.empty()) {
        std::string metadata = read_file(build_dir / "metadata") + extra_metadata;
        write_file(build_dir / "metadata", metadata, kReadableMode);
    }
    flatpak({"build-export", repo_.string(), build_dir.string(), kBranch});
}

void FlatpakRepo::replace_metadata(const std::string& ref, const std::string& metadata) {
    fs::path overlay = root_ / "overlay";
    fs::remove_all(overlay);
    write_file(overlay / "metadata", metadata, kReadableMode);
    CommandOptions options;
    options.timeout = kToolTimeout;
    run_or_throw(
        {"/usr/bin/ostree", "--repo=" + repo_.string(), "commit", "--branch=" + ref,
         "--tree=ref=" + ref, "--tree=dir=" + overlay.string(), "--owner-uid=0", "--owner-gid=0"},
        options);
    flatpak({"build-update-repo", repo_.string()});
}

void FlatpakRepo::flatpak_bundle(const std::string& id, const fs::path& file, bool runtime) const {
    std::vector<std::string> args{"build-bundle"};
    if (runtime) args.push_back("--runtime");
    args.insert(args.end(), {repo_.string(), file.string(), id, kBranch});
    flatpak(args);
}

}  // namespace sandbox::test::store

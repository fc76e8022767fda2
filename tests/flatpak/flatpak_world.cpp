#include "flatpak_world.hpp"

#include "support/files.hpp"

#include <fstream>
#include <stdexcept>

namespace sandbox::test::flatpak {
namespace {

namespace fs = std::filesystem;

constexpr auto kFlatpakTimeout = std::chrono::seconds(120);
constexpr const char* kBranch = "stable";
constexpr const char* kRemote = "local";

fs::path data_file(const char* name) {
    return fs::path(FLATPAK_TEST_DATA_DIR) / name;
}

std::string runtime_metadata(const std::string& arch) {
    std::string ref = std::string(kRuntimeId) + "/" + arch + "/" + kBranch;
    return std::string("[Runtime]\nname=") + kRuntimeId + "\nruntime=" + ref + "\nsdk=" + ref +
           "\n";
}

// Flatpak leaves read-only directories behind (ostree checkouts); make them removable.
void make_owner_writable(const fs::path& root) {
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(root, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
        if (it->is_directory(ignored) && !it->is_symlink(ignored))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
}

}  // namespace

FlatpakWorld::FlatpakWorld(fs::path root, std::string system_bus_address)
    : root_(std::move(root)),
      home_(root_ / "home"),
      runtime_dir_(root_ / "xdg-runtime"),
      repo_(root_ / "repo"),
      system_bus_address_(std::move(system_bus_address)) {}

FlatpakWorld::~FlatpakWorld() {
    make_owner_writable(root_);
    std::error_code ignored;
    fs::remove_all(root_, ignored);
}

std::unique_ptr<FlatpakWorld> FlatpakWorld::create(const fs::path& root,
                                                   const std::string& system_bus_address) {
    std::unique_ptr<FlatpakWorld> world(new FlatpakWorld(root, system_bus_address));
    fs::create_directories(world->home_);
    fs::create_directories(world->runtime_dir_);
    fs::permissions(world->runtime_dir_, fs::perms::owner_all);
    world->build_runtime();
    world->flatpak(
        {"--user", "remote-add", "--no-gpg-verify", kRemote, "file://" + world->repo_.string()});
    world->install(kRuntimeId);
    world->build_app();
    world->install(kAppId);
    return world;
}

std::vector<std::string> FlatpakWorld::environment(const std::vector<std::string>& extra) const {
    std::vector<std::string> env{
        "PATH=/usr/bin:/bin",
        "LANG=C.UTF-8",
        "HOME=" + home_.string(),
        "XDG_DATA_HOME=" + (home_ / ".local/share").string(),
        "XDG_CONFIG_HOME=" + (home_ / ".config").string(),
        "XDG_CACHE_HOME=" + (home_ / ".cache").string(),
        "XDG_RUNTIME_DIR=" + runtime_dir_.string(),
        "DBUS_SYSTEM_BUS_ADDRESS=" + system_bus_address_,
    };
    for (const auto& entry : extra) {
        std::string name_and_equals = entry.substr(0, entry.find('=') + 1);
        std::erase_if(env, [&](const std::string& existing) {
            return existing.starts_with(name_and_equals);
        });
        env.push_back(entry);
    }
    return env;
}

std::string FlatpakWorld::default_arch() const {
    CommandResult result = run_command({"/usr/bin/flatpak", "--default-arch"});
    if (result.status != 0)
        throw std::runtime_error("flatpak --default-arch failed: " + result.err);
    return result.out.substr(0, result.out.find('\n'));
}

void FlatpakWorld::flatpak(const std::vector<std::string>& args) const {
    std::vector<std::string> argv{"/usr/bin/flatpak"};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = environment();
    options.timeout = kFlatpakTimeout;
    run_or_throw(argv, options);
}

void FlatpakWorld::build_runtime() const {
    fs::path build_dir = root_ / "build/runtime";
    CommandOptions options;
    options.timeout = kFlatpakTimeout;
    run_or_throw({data_file("make-runtime-tree.sh").string(), (build_dir / "files").string()},
                 options);
    write_file(build_dir / "metadata", runtime_metadata(default_arch()), kReadableMode);
    flatpak({"build-export", "--runtime", "--files=files", repo_.string(), build_dir.string(),
             kBranch});
}

void FlatpakWorld::build_app() const {
    fs::path build_dir = root_ / "build/app";
    flatpak({"build-init", build_dir.string(), kAppId, kRuntimeId, kRuntimeId, kBranch});
    fs::path bin = build_dir / "files/bin";
    write_file(bin / "hello", std::string("#!/bin/sh\necho \"") + kAppGreeting + "\"\n",
               kExecutableMode);
    fs::create_directories(bin);
    fs::copy_file(data_file("probe-view.sh"), bin / "probe-view");
    fs::copy_file(FLATPAK_TEST_PROBE, bin / "sandbox-probe");
    fs::permissions(bin / "probe-view", kExecutableMode);
    fs::permissions(bin / "sandbox-probe", kExecutableMode);
    flatpak({"build-finish", "--command=hello", build_dir.string()});
    flatpak({"build-export", repo_.string(), build_dir.string(), kBranch});
}

void FlatpakWorld::install(const std::string& ref) const {
    flatpak({"--user", "install", "-y", "--noninteractive", kRemote, ref});
}

CommandResult FlatpakWorld::run(const fs::path& bwrap, const std::vector<std::string>& args,
                                const std::vector<std::string>& extra_environment) const {
    std::vector<std::string> argv{"/usr/bin/flatpak", "run"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> extra{"FLATPAK_BWRAP=" + bwrap.string()};
    extra.insert(extra.end(), extra_environment.begin(), extra_environment.end());
    CommandOptions options;
    options.environment = environment(extra);
    options.timeout = kFlatpakTimeout;
    return run_command(argv, options);
}

CommandResult FlatpakWorld::reinstall_app(const fs::path& bwrap,
                                          const std::vector<std::string>& extra_environment) const {
    std::vector<std::string> extra{"FLATPAK_BWRAP=" + bwrap.string()};
    extra.insert(extra.end(), extra_environment.begin(), extra_environment.end());
    CommandOptions options;
    options.environment = environment(extra);
    options.timeout = kFlatpakTimeout;
    return run_command({"/usr/bin/flatpak", "--user", "install", "--reinstall", "-y",
                        "--noninteractive", kRemote, kAppId},
                       options);
}

void FlatpakWorld::forget_ld_cache() const {
    fs::path cache = home_ / ".var/app" / kAppId / ".ld.so";
    make_owner_writable(cache);
    std::error_code ignored;
    fs::remove_all(cache, ignored);
}

fs::path FlatpakWorld::instance_dir(const std::string& instance_id) const {
    return runtime_dir_ / ".flatpak" / instance_id;
}

}  // namespace sandbox::test::flatpak

#include "debian_apps_fixture.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "sandbox/common/fd.hpp"
#include "support/command.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = DEBIAN_APPS_SOURCE_DIR;
const fs::path kRuntimeManifest = kSource / "runtimes/org.debian.Platform.json";

fs::path user_home() {
    const passwd* entry = ::getpwuid(::getuid());
    if (entry == nullptr) throw std::runtime_error("debian_apps: no passwd entry for our uid");
    return entry->pw_dir;
}

std::string must_succeed(const std::vector<std::string>& argv, const CommandOptions& options,
                         const std::string& what) {
    CommandResult result = run_command(argv, options);
    if (result.status != 0 || result.timed_out)
        throw std::runtime_error("debian_apps: " + what + " failed (status " +
                                 std::to_string(result.status) + "):\n" + result.out + result.err);
    return result.out;
}

// sha256 of the files' contents, in order (missing files count as empty).
std::string key_of(const std::vector<fs::path>& files) {
    std::string listing;
    for (const fs::path& file : files) {
        std::error_code error;
        if (!fs::exists(file, error)) {
            listing += "missing " + file.filename().string() + "\n";
            continue;
        }
        listing += must_succeed({"sha256sum", file.string()}, {}, "sha256sum");
    }
    CommandOptions options;
    options.stdin_data = listing;
    return must_succeed({"sha256sum", "-"}, options, "sha256sum").substr(0, 64);
}

class FileLock {
  public:
    explicit FileLock(const fs::path& path)
        : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (!fd_ || ::flock(fd_.get(), LOCK_EX) != 0)
            throw std::runtime_error("debian_apps: can't lock " + path.string());
    }

  private:
    UniqueFd fd_;
};

class Builder {
  public:
    explicit Builder(fs::path dir) : dir_(std::move(dir)) {}

    CommandResult sandbox(const std::vector<std::string>& args, std::chrono::minutes timeout) {
        std::vector<std::string> argv{DEBIAN_APPS_SANDBOX};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = debian_apps_environment(dir_ / "home");
        options.timeout = timeout;
        return run_command(argv, options);
    }

    void step(const std::vector<std::string>& args, const std::string& what,
              std::chrono::minutes timeout = std::chrono::minutes(30)) {
        const auto start = std::chrono::steady_clock::now();
        CommandResult result = sandbox(args, timeout);
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - start);
        log += what + ": " + std::to_string(seconds.count()) + " s\n" + result.out;
        if (result.status != 0 || result.timed_out)
            throw std::runtime_error("debian_apps: " + what + " failed (status " +
                                     std::to_string(result.status) + "):\n" + result.out +
                                     result.err);
    }

    [[nodiscard]] std::string installation() const {
        return "--installation=" + (dir_ / "installation").string();
    }

    void build_runtime() {
        if (fs::exists(dir_ / "built/runtime")) return;
        step({"build", "--repo=" + (dir_ / "repo").string(), kRuntimeManifest.string()},
             "build runtime");
        step({"remote-add", installation(), "--no-gpg-verify", "apps",
              "file://" + (dir_ / "repo").string()},
             "remote-add");
        step({"install", installation(), "-y", "runtime/org.debian.Platform//12"},
             "install runtime");
        write_file(dir_ / "built/runtime", "");
    }

    void build_app(const std::string& id) {
        const fs::path manifest = kSource / "manifests" / (id + ".json");
        const std::string key = key_of({manifest, fs::path(manifest).replace_extension(".lock")});
        const fs::path marker = dir_ / "built" / id;
        if (fs::exists(marker) && read_file(marker) == key) return;
        step({"build", installation(), "--repo=" + (dir_ / "repo").string(), manifest.string()},
             "build " + id);
        const bool installed = fs::exists(dir_ / "installation/app" / id);
        step({installed ? "update" : "install", installation(), "-y", "app/" + id + "//stable"},
             "install " + id);
        write_file(marker, key);
    }

    std::string log;

  private:
    fs::path dir_;
};

void remove_other_keys(const fs::path& cache, const std::string& key) {
    for (const auto& entry : fs::directory_iterator(cache)) {
        const std::string name = entry.path().filename().string();
        if (name.size() == 64 && name != key) remove_tree(entry.path());
    }
}

}  // namespace

std::vector<std::string> debian_apps_environment(const fs::path& home) {
    const char* tmpdir = std::getenv("TMPDIR");
    return {"PATH=/usr/bin:/bin:/usr/sbin:/sbin",
            "LANG=C.UTF-8",
            "HOME=" + home.string(),
            "XDG_CACHE_HOME=" + (user_home() / ".cache").string(),
            "XDG_DATA_HOME=" + (home / ".local/share").string(),
            "XDG_STATE_HOME=" + (home / ".local/state").string(),
            "XDG_CONFIG_HOME=" + (home / ".config").string(),
            "SANDBOX_SYSTEM_DIR=" + (home / "system").string(),
            std::string("TMPDIR=") + (tmpdir != nullptr ? tmpdir : "/tmp")};
}

const DebianApps& debian_apps(const std::vector<std::string>& ids) {
    static std::map<std::vector<std::string>, DebianApps> done;
    if (auto found = done.find(ids); found != done.end()) return found->second;
    const fs::path cache = user_home() / ".cache/sandbox-tests/debian-apps";
    fs::create_directories(cache);
    FileLock lock(cache / "lock");
    const std::string key =
        key_of({kRuntimeManifest, fs::path(kRuntimeManifest).replace_extension(".lock"),
                DEBIAN_APPS_SANDBOX_CLI});
    remove_other_keys(cache, key);
    const fs::path dir = cache / key;
    fs::create_directories(dir / "built");
    fs::create_directories(dir / "home");
    Builder builder(dir);
    builder.build_runtime();
    for (const std::string& id : ids) builder.build_app(id);
    DebianApps& apps = done[ids];
    apps.repo = dir / "repo";
    apps.installation = dir / "installation";
    apps.log = builder.log;
    return apps;
}

}  // namespace sandbox::test

#include "sandbox/run/ld_cache.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <random>

#include "sandbox/common/files.hpp"
#include "sandbox/launcher/launch.hpp"
#include "sandbox/run/app_data_dirs.hpp"
#include "sandbox/run/ldconfig_plan.hpp"
#include "sandbox/run/memfd.hpp"

namespace sandbox::run {
namespace {

constexpr unsigned long long kNoLinks = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
constexpr off_t kMaxCacheSize = 64 << 20;

bool is_checksum_name(const std::string& name) {
    return name.size() == 64 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string temporary_name(const std::string& checksum) {
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device device;
    std::string name = checksum + ".";
    for (int i = 0; i < 6; ++i) name += kAlphabet[device() % (sizeof kAlphabet - 1)];
    return name;
}

// The cached file, copied into a sealed memfd; ENOENT when there is none yet.
Result<UniqueFd> read_cached(int dir_fd, const std::string& name) {
    auto fd = open_path(dir_fd, name, O_RDONLY | O_NONBLOCK | O_NOCTTY, kNoLinks);
    if (!fd) return fd.take_error();
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxCacheSize)
        return usage_error("The app's ld.so.cache " + name + " is not a regular file of sane size");
    auto data = read_all(fd->get());
    if (!data) return data.take_error();
    return sealed_data_fd("ld.so.cache", *data);
}

// Caches of earlier commits: only names of our own form, unlinked within the directory.
void remove_stale(int dir_fd, const std::string& current) {
    auto listing = open_path(dir_fd, ".", O_RDONLY | O_DIRECTORY, kNoLinks);
    if (!listing) return;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(listing->get()), ::closedir);
    if (!dir) return;
    listing->release();
    while (dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (is_checksum_name(name) && name != current) ::unlinkat(dir_fd, name.c_str(), 0);
    }
}

Status run_ldconfig(const LdCacheRequest& request, int dir_fd, const std::string& output) {
    UniqueFd ld_so_conf;
    if (request.runtime->needs_ld_so_conf) {
        auto conf = sealed_data_fd("ld.so.conf", kGeneratedLdSoConf);
        if (!conf) return conf.take_error();
        ld_so_conf = std::move(*conf);
    }
    LdconfigInputs inputs{request.runtime, request.app, dir_fd, ld_so_conf.get(), output};
    auto plan = build_ldconfig_plan(inputs);
    if (!plan) return plan.take_error();
    auto status = launcher::launch(*plan, {"sandbox"});
    if (!status) return status.take_error();
    if (*status != 0)
        return usage_error("The runtime's ldconfig failed (exit status " + std::to_string(*status) +
                           ") making the app's ld.so.cache");
    return ok_status();
}

Status generate(const LdCacheRequest& request, int dir_fd, const std::string& checksum) {
    const std::string output = temporary_name(checksum);
    SANDBOX_TRY(run_ldconfig(request, dir_fd, output));
    if (::renameat(dir_fd, output.c_str(), dir_fd, checksum.c_str()) != 0) {
        const int error = errno;
        ::unlinkat(dir_fd, output.c_str(), 0);
        return system_error("Can't store the app's ld.so.cache", error);
    }
    return ok_status();
}

}  // namespace

Result<UniqueFd> app_ld_cache(const LdCacheRequest& request) {
    auto dir = make_and_open_dir(request.dirs->dir_fd, ".ld.so", request.dirs->path + "/.ld.so");
    if (!dir) return dir.take_error();
    const std::string checksum = ld_cache_checksum(request.app_commit, request.runtime_commit);
    auto cached = read_cached(dir->get(), checksum);
    if (cached) return cached;
    if (cached.error().code != ENOENT)
        return usage_error("Can't use the app's ld.so.cache in " + request.dirs->path +
                           "/.ld.so: " + cached.error().message());
    SANDBOX_TRY(generate(request, dir->get(), checksum));
    remove_stale(dir->get(), checksum);
    auto made = read_cached(dir->get(), checksum);
    if (!made) return system_error("Can't read the app's new ld.so.cache", made.error().code);
    return made;
}

}  // namespace sandbox::run

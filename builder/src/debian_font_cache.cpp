#include "debian_font_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "debian_support.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCacheConf = "05-sandbox-runtime-cache.conf";

std::string cache_conf() {
    return "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
           "<!-- The runtime's font cache, made when it was built (sandbox build). -->\n"
           "<fontconfig>\n  <cachedir>" +
           std::string(kRuntimeFontCacheDir) + "</cachedir>\n</fontconfig>\n";
}

Status set_mtime_zero(const fs::path& path) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, {0, 0}};
    if (::utimensat(AT_FDCWD, path.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
        return system_error("Can't set the mtime of " + path.string());
    return ok_status();
}

Status zero_directory_mtimes(const fs::path& top) {
    std::error_code error;
    if (!fs::is_directory(top, error)) return ok_status();
    for (auto it = fs::recursive_directory_iterator(top, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error))
        if (it->is_directory(error) && !it->is_symlink(error))
            SANDBOX_TRY(set_mtime_zero(it->path()));
    if (error) return system_error("Can't walk " + top.string(), error.value());
    return set_mtime_zero(top);
}

std::vector<std::string> fc_cache_arguments(const fs::path& launcher, const fs::path& files) {
    return {launcher.string(),
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
            "--bind",
            files.string(),
            "/usr",
            "--ro-bind",
            (files / "etc").string(),
            "/etc",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/sbin",
            "/sbin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--remount-ro",
            "/",
            "--setenv",
            "PATH",
            "/usr/bin",
            "--setenv",
            "HOME",
            "/tmp",
            "--",
            "fc-cache",
            "--system-only",
            "--really-force"};
}

}  // namespace

Status make_font_cache(const fs::path& launcher, const fs::path& files) {
    std::error_code error;
    if (!fs::exists(files / "bin/fc-cache", error) ||
        !fs::is_directory(files / "etc/fonts/conf.d", error))
        return ok_status();  // no fontconfig in this runtime
    fs::create_directories(files / "lib/fontconfig/cache", error);
    if (error) return system_error("Can't create the font cache directory", error.value());
    SANDBOX_TRY(write_file(files / "etc/fonts/conf.d" / kCacheConf, cache_conf()));
    SANDBOX_TRY(zero_directory_mtimes(files / "share/fonts"));
    auto output = run_program(fc_cache_arguments(launcher, files));
    if (!output) return output.take_error();
    if (output->status != 0)
        return usage_error("fc-cache failed in the build sandbox (exit status " +
                           std::to_string(output->status) +
                           "): " + store::printable(last_line(output->err)));
    return ok_status();
}

}  // namespace sandbox::builder

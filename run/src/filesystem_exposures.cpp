#include "sandbox/run/filesystem_exposures.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "sandbox/permissions/filesystem.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using launcher::MakeSymlink;
using launcher::TmpfsMount;
using permissions::FilesystemMode;

// Flatpak's list for --filesystem=host: what / holds that is the sandbox's own, or that the host
// should keep to itself (flatpak-context.c, dont_mount_in_root).
constexpr std::array<std::string_view, 17> kNotMountedFromRoot{
    "app",  "bin",  "boot", "dev",  "efi", "etc", "lib", "lib32", "lib64",
    "proc", "root", "run",  "sbin", "sys", "tmp", "usr", "var"};
constexpr std::array<std::string_view, 5> kUsrMergedDirs{"bin", "lib", "lib32", "lib64", "sbin"};
constexpr std::array<std::string_view, 8> kUserDirPrefixes{
    "xdg-desktop",  "xdg-documents",    "xdg-download", "xdg-music",
    "xdg-pictures", "xdg-public-share", "xdg-videos",   "xdg-templates"};

// path is prefix itself or inside it.
bool has_path_prefix(const std::string& path, const std::string& prefix) {
    if (prefix == "/") return true;
    return path.compare(0, prefix.size(), prefix) == 0 &&
           (path.size() == prefix.size() || path[prefix.size()] == '/');
}

std::string join(const std::string& base, const std::string& rest) {
    if (rest.empty()) return base;
    return base + (base.ends_with('/') ? "" : "/") + rest;
}

bool is_user_dir(const std::string& prefix) {
    return std::find(kUserDirPrefixes.begin(), kUserDirPrefixes.end(), prefix) !=
           kUserDirPrefixes.end();
}

// xdg-config → "config": where the app's own copy lives in ~/.var/app/ID.
std::string app_dir_part(const std::string& prefix) {
    if (prefix == "xdg-config") return "config";
    if (prefix == "xdg-data") return "data";
    if (prefix == "xdg-cache") return "cache";
    return "";
}

class FilesystemPlanner {
  public:
    FilesystemPlanner(const permissions::Context& context, const HostView& host)
        : context_(context), host_(host), reserved_(reserved_paths(host.uid)) {}

    FilesystemPlan plan() {
        const FilesystemMode host_mode = mode_of("host");
        if (host_mode != FilesystemMode::None) expose_host(host_mode);
        const FilesystemMode os_mode = std::max(mode_of("host-os"), host_mode);
        if (os_mode != FilesystemMode::None) expose_host_os(os_mode);
        const FilesystemMode etc_mode = std::max(mode_of("host-etc"), host_mode);
        if (etc_mode != FilesystemMode::None) expose_internal("/etc", "/run/host/etc", etc_mode);
        const FilesystemMode home_mode = mode_of("home");
        if (home_mode != FilesystemMode::None) {
            result_.home_access = true;
            expose(host_.home, host_.home, std::max(home_mode, host_mode));
        }
        for (const auto& [location, mode] : context_.filesystems)
            if (mode != FilesystemMode::None && !permissions::is_special_location(location))
                expose_location(location, mode);
        drop_exposures_inside_hidden();
        emit_mounts();
        return std::move(result_);
    }

  private:
    FilesystemMode mode_of(const std::string& location) const {
        return permissions::filesystem_mode(context_, location);
    }

    void warn(const std::string& message) { result_.warnings.push_back(message); }

    const std::string* reserved_conflict(const std::string& dest) const {
        for (const std::string& reserved : reserved_)
            if (has_path_prefix(dest, reserved) || has_path_prefix(reserved, dest))
                return &reserved;
        return nullptr;
    }

    // A path the app asked for, at the same path inside.
    void expose(const std::string& source, const std::string& dest, FilesystemMode mode) {
        if (const std::string* reserved = reserved_conflict(dest)) {
            warn("Not sharing " + permissions::printable(dest) + " with the sandbox: path " +
                 *reserved + " is reserved");
            return;
        }
        expose_internal(source, dest, mode);
    }

    // A host path at a place the sandbox owns (/run/host/…): not subject to the reserved check.
    void expose_internal(const std::string& source, const std::string& dest, FilesystemMode mode) {
        if (mode == FilesystemMode::Create) result_.create.push_back(source);
        const bool writable = mode != FilesystemMode::ReadOnly;
        auto [entry, inserted] = exposures_.try_emplace(dest, Exposure{source, writable});
        if (!inserted) entry->second.writable = entry->second.writable || writable;
    }

    void expose_host(FilesystemMode mode) {
        result_.home_access = true;
        for (const std::string& name : host_.root_entries) {
            if (std::find(kNotMountedFromRoot.begin(), kNotMountedFromRoot.end(), name) !=
                    kNotMountedFromRoot.end() ||
                host_.root_symlinks.contains(name))
                continue;
            expose("/" + name, "/" + name, mode);
        }
        expose("/run/media", "/run/media", mode);
    }

    void expose_host_os(FilesystemMode mode) {
        expose_internal("/usr", "/run/host/usr", mode);
        for (std::string_view dir : kUsrMergedDirs) {
            const std::string name(dir);
            if (auto link = host_.root_symlinks.find(name); link != host_.root_symlinks.end())
                symlinks_.push_back(MakeSymlink{link->second, "/run/host/" + name});
            else if (std::find(host_.root_entries.begin(), host_.root_entries.end(), name) !=
                     host_.root_entries.end())
                expose_internal("/" + name, "/run/host/" + name, mode);
        }
    }

    void expose_location(const std::string& location, FilesystemMode mode) {
        if (location.rfind("~/", 0) == 0)
            return expose(join(host_.home, location.substr(2)),
                          join(host_.home, location.substr(2)), mode);
        if (location.rfind('/', 0) == 0) return expose(location, location, mode);
        if (auto xdg = permissions::split_xdg_location(location)) expose_xdg(*xdg, mode);
    }

    void expose_xdg(const permissions::XdgLocation& xdg, FilesystemMode mode) {
        auto found = host_.xdg_dirs.find(xdg.prefix);
        if (found == host_.xdg_dirs.end() || found->second.empty()) return;  // not configured
        const std::string& dir = found->second;
        if (xdg.prefix == "xdg-run") return expose_runtime_dir(dir, xdg.subpath, mode);
        if (is_user_dir(xdg.prefix) && dir == host_.home) {
            warn(xdg.prefix + " is the home directory (disabled in user-dirs.dirs), not shared");
            return;
        }
        const std::string source = join(dir, xdg.subpath);
        expose(source, source, mode);
        const std::string part = app_dir_part(xdg.prefix);
        if (!part.empty() && !xdg.subpath.empty())
            result_.app_dir_mounts.push_back(BindMount{
                HostPath{source}, join(host_.app_dir + "/" + part, xdg.subpath),
                mode == FilesystemMode::ReadOnly ? BindAccess::ReadOnly : BindAccess::ReadWrite,
                true});
    }

    void expose_runtime_dir(const std::string& dir, const std::string& subpath,
                            FilesystemMode mode) {
        if (subpath.empty()) {
            warn(
                "xdg-run needs a subdirectory (xdg-run/NAME); the whole runtime dir is not shared");
            return;
        }
        // The running sandboxes' records and D-Bus proxy sockets, and the cached accessibility
        // bus address: an app that saw them could forge what `enter` and `kill` trust, or use
        // another app's bus permissions (catalog S49).
        const std::string normal = std::filesystem::path(subpath).lexically_normal().string();
        if (normal == ".sandbox" || normal.starts_with(".sandbox/")) {
            warn("Not sharing xdg-run/" + permissions::printable(subpath) +
                 ": the sandboxes' own state is hidden from sandboxes");
            return;
        }
        // The document portal's whole store, every app's documents: the app gets its own view
        // there (document_mounts.hpp).
        if (normal == "doc" || normal.starts_with("doc/")) {
            warn("Not sharing xdg-run/" + permissions::printable(subpath) +
                 ": the document store is shared only as the app's own view, at /run/user/" +
                 std::to_string(host_.uid) + "/doc");
            return;
        }
        expose_internal(join(dir, subpath), join("/run/user/" + std::to_string(host_.uid), subpath),
                        mode);
    }

    // Sandbox state stays hidden: an exposure inside it is dropped, one above it gets a tmpfs
    // laid over the hidden directory.
    void drop_exposures_inside_hidden() {
        for (const std::string& hidden : host_.hidden) {
            std::erase_if(exposures_, [&](const auto& entry) {
                if (entry.first == hidden || !has_path_prefix(entry.first, hidden)) return false;
                warn("Not sharing " + permissions::printable(entry.first) + ": " + hidden +
                     " is hidden from sandboxes");
                return true;
            });
        }
    }

    bool is_exposed_above(const std::string& hidden) const {
        return std::any_of(exposures_.begin(), exposures_.end(),
                           [&](const auto& entry) { return has_path_prefix(hidden, entry.first); });
    }

    void emit_mounts() {
        for (const auto& [dest, exposure] : exposures_)
            result_.mounts.push_back(
                BindMount{HostPath{exposure.source}, dest,
                          exposure.writable ? BindAccess::ReadWrite : BindAccess::ReadOnly, true});
        for (const MakeSymlink& link : symlinks_) result_.mounts.push_back(link);
        for (const std::string& hidden : host_.hidden)
            if (is_exposed_above(hidden)) result_.mounts.push_back(TmpfsMount{hidden, 0755, 0});
    }

    struct Exposure {
        std::string source;
        bool writable = false;
    };

    const permissions::Context& context_;
    const HostView& host_;
    const std::vector<std::string> reserved_;
    std::map<std::string, Exposure> exposures_;  // by destination: parents sort first
    std::vector<MakeSymlink> symlinks_;
    FilesystemPlan result_;
};

}  // namespace

std::vector<std::string> reserved_paths(uid_t uid) {
    std::vector<std::string> reserved{"/.flatpak-info", "/app",         "/dev",      "/etc",
                                      "/proc",          "/run/flatpak", "/run/host", "/usr"};
    for (std::string_view dir : kUsrMergedDirs) reserved.push_back("/" + std::string(dir));
    reserved.push_back("/run/user/" + std::to_string(uid));
    return reserved;
}

FilesystemPlan plan_filesystems(const permissions::Context& context, const HostView& host) {
    return FilesystemPlanner(context, host).plan();
}

}  // namespace sandbox::run

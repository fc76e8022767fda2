#include "sandbox/run/runtime_tree.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "sandbox/common/files.hpp"

namespace sandbox::run {
namespace {

constexpr unsigned long long kNoLinks = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;
constexpr const char* kUsrMergedDirs[] = {"bin", "lib", "lib32", "lib64", "sbin"};

bool exists_here(int dir_fd, const char* name) {
    return ::faccessat(dir_fd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

// `owned` null: the entry is only named (a layered app's /etc links into the composed /usr/etc).
Result<EtcEntry> read_etc_entry(int etc_fd, const std::string& name, const std::string& whose,
                                std::vector<UniqueFd>* owned) {
    struct stat st {};
    if (::fstatat(etc_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return system_error("Can't stat " + whose + " etc/" + name);
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        const ssize_t length = ::readlinkat(etc_fd, name.c_str(), target, sizeof target);
        if (length < 0 || static_cast<std::size_t>(length) == sizeof target)
            return system_error("Can't read " + whose + " etc/" + name);
        return EtcEntry{name, std::string(target, static_cast<std::size_t>(length)), -1};
    }
    if (owned == nullptr) return EtcEntry{name, std::nullopt, -1};
    auto fd = open_path(etc_fd, name, O_PATH | O_NOFOLLOW, kNoLinks);
    if (!fd) return system_error("Can't open " + whose + " etc/" + name, fd.error().code);
    EtcEntry entry{name, std::nullopt, fd->get()};
    owned->push_back(std::move(*fd));
    return entry;
}

Result<std::vector<EtcEntry>> read_etc(int files_fd, const std::string& whose,
                                       std::vector<UniqueFd>* owned) {
    std::vector<EtcEntry> entries;
    auto etc = open_path(files_fd, "etc", O_RDONLY | O_DIRECTORY, kNoLinks);
    if (!etc) {
        if (etc.error().code == ENOENT) return entries;
        return system_error("Can't open " + whose + " etc", etc.error().code);
    }
    UniqueFd listing(::fcntl(etc->get(), F_DUPFD_CLOEXEC, 3));
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(listing.get()), ::closedir);
    if (!dir) return system_error("Can't read " + whose + " etc");
    listing.release();
    while (dirent* found = ::readdir(dir.get())) {
        const std::string name = found->d_name;
        if (name == "." || name == "..") continue;
        auto entry = read_etc_entry(etc->get(), name, whose, owned);
        if (!entry) return entry.take_error();
        entries.push_back(std::move(*entry));
    }
    std::sort(entries.begin(), entries.end(),
              [](const EtcEntry& a, const EtcEntry& b) { return a.name < b.name; });
    return entries;
}

std::string ldconfig_path(int files_fd) {
    for (const char* candidate : {"bin/ldconfig", "sbin/ldconfig"}) {
        auto fd = open_path(files_fd, candidate, O_PATH, kNoLinks);
        struct stat st {};
        if (fd && ::fstat(fd->get(), &st) == 0 && S_ISREG(st.st_mode))
            return std::string("/usr/") + candidate;
    }
    return {};
}

bool has_empty_ld_so_conf(int files_fd) {
    auto fd = open_path(files_fd, "etc/ld.so.conf", O_PATH, kNoLinks);
    if (!fd) return fd.error().code == ENOENT;
    struct stat st {};
    return ::fstat(fd->get(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

std::vector<std::string> usr_merged_dirs_in(int files_fd) {
    std::vector<std::string> dirs;
    for (const char* dir : kUsrMergedDirs)
        if (exists_here(files_fd, dir)) dirs.emplace_back(dir);
    return dirs;
}

}  // namespace

Result<RuntimeTree> read_runtime_tree(int files_fd, EtcUse etc_use, std::vector<UniqueFd>& owned) {
    RuntimeTree tree;
    tree.files_fd = files_fd;
    tree.usr_merged_dirs = usr_merged_dirs_in(files_fd);
    auto etc = read_etc(files_fd, "the runtime's", etc_use == EtcUse::Bound ? &owned : nullptr);
    if (!etc) return etc.take_error();
    tree.etc = std::move(*etc);
    tree.has_ref_file = exists_here(files_fd, ".ref");
    tree.ldconfig = ldconfig_path(files_fd);
    tree.needs_ld_so_conf = has_empty_ld_so_conf(files_fd);
    return tree;
}

Result<AppTree> read_app_tree(int files_fd, bool usr_overlay) {
    AppTree tree{files_fd, exists_here(files_fd, ".ref")};
    if (!usr_overlay) return tree;
    tree.usr_overlay = true;
    tree.usr_merged_dirs = usr_merged_dirs_in(files_fd);
    auto etc = read_etc(files_fd, "the app's", nullptr);
    if (!etc) return etc.take_error();
    tree.etc = std::move(*etc);
    return tree;
}

}  // namespace sandbox::run

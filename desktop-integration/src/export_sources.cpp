#include "export_sources.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <memory>

#include "sandbox/common/files.hpp"

namespace sandbox::exports {
namespace {

constexpr unsigned long long kNoLinks =
    RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
constexpr std::size_t kMaxFiles = 512;

std::size_t size_limit(ExportKind kind) {
    switch (kind) {
        case ExportKind::Icon:
            return 2 << 20;
        case ExportKind::Metainfo:
            return 1 << 20;
        default:
            return 256 << 10;
    }
}

struct DirCloser {
    void operator()(DIR* dir) const { ::closedir(dir); }
};

Result<UniqueFd> open_directory(int parent, const std::string& name) {
    return open_path(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, kNoLinks);
}

// The names in a directory (not . and ..); the fd stays the caller's.
std::vector<std::string> entries_of(int directory) {
    std::vector<std::string> names;
    const int copy = ::fcntl(directory, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) return names;
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(copy));
    if (!dir) {
        ::close(copy);
        return names;
    }
    while (const dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..") names.push_back(name);
    }
    return names;
}

Result<std::string> read_regular_file(int directory, const std::string& name, std::size_t limit) {
    auto fd = open_path(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, kNoLinks);
    if (!fd) {
        if (fd.error().code == ELOOP) return usage_error("is a symlink");
        return fd.take_error();
    }
    struct stat info {};
    if (::fstat(fd->get(), &info) != 0) return system_error("can't stat it");
    if (!S_ISREG(info.st_mode)) return usage_error("is not a regular file");
    if (static_cast<std::size_t>(info.st_size) > limit)
        return usage_error("is larger than " + std::to_string(limit >> 10) + " KiB");
    std::string content(limit + 1, '\0');
    std::size_t filled = 0;
    while (filled < content.size()) {
        const ssize_t got = ::read(fd->get(), content.data() + filled, content.size() - filled);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return system_error("can't read it");
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    if (filled > limit) return usage_error("grew past " + std::to_string(limit >> 10) + " KiB");
    content.resize(filled);
    return content;
}

class SourceWalker {
  public:
    SourceWalker(const std::string& app_id, Sources& sources)
        : app_id_(app_id), sources_(sources) {}

    // Every file in `relative` (under share/, opened from `share`) of the given kind, exported
    // into `destination` (under BASE/exports/share).
    void collect(int share, const std::string& relative, ExportKind kind,
                 const std::string& destination) {
        auto directory = open_directory(share, relative);
        if (!directory) {
            if (directory.error().code != ENOENT) warn(relative, "can't be opened (a symlink?)");
            return;
        }
        for (const auto& name : entries_of(directory->get())) {
            const std::string source = relative + "/" + name;
            if (!is_exportable(kind, name, app_id_)) {
                warn(source, "not named after " + app_id_);
                continue;
            }
            if (sources_.files.size() >= kMaxFiles) {
                warn(source, "more than 512 files");
                continue;
            }
            auto content = read_regular_file(directory->get(), name, size_limit(kind));
            if (!content) {
                warn(source, content.error().message());
                continue;
            }
            sources_.files.push_back(
                {kind, "share/" + source, destination + "/" + name, std::move(*content)});
        }
    }

    void collect_icons(int share) {
        auto hicolor = open_directory(share, "icons/hicolor");
        if (!hicolor) {
            if (hicolor.error().code != ENOENT) warn("icons/hicolor", "can't be opened");
            return;
        }
        for (const auto& size : entries_of(hicolor->get())) {
            if (!is_icon_size_directory(size)) {
                warn("icons/hicolor/" + size, "not an icon size directory");
                continue;
            }
            const std::string relative = "icons/hicolor/" + size + "/apps";
            collect(share, relative, ExportKind::Icon, relative);
        }
    }

    void warn(const std::string& relative, const std::string& why) {
        sources_.warnings.push_back("share/" + relative + ": " + why);
    }

  private:
    const std::string& app_id_;
    Sources& sources_;
};

}  // namespace

Result<Sources> read_export_sources(const std::string& export_dir, const std::string& app_id) {
    auto root = open_path(AT_FDCWD, export_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!root) return root.take_error();
    Sources sources;
    SourceWalker walker(app_id, sources);
    auto share = open_directory(root->get(), "share");
    if (!share) {
        if (share.error().code != ENOENT) walker.warn("", "export/share can't be opened");
        return sources;
    }
    walker.collect(share->get(), "applications", ExportKind::DesktopFile, "applications");
    walker.collect_icons(share->get());
    walker.collect(share->get(), "metainfo", ExportKind::Metainfo, "metainfo");
    walker.collect(share->get(), "appdata", ExportKind::Metainfo, "metainfo");
    walker.collect(share->get(), "mime/packages", ExportKind::MimePackage, "mime/packages");
    walker.collect(share->get(), "dbus-1/services", ExportKind::DBusService, "dbus-1/services");
    return sources;
}

}  // namespace sandbox::exports

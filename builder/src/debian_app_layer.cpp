#include "debian_app_layer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string_view>
#include <vector>

#include "sandbox/common/fd.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

// What a Debian runtime leaves out of its etc/ too (debian_runtime.cpp): `sandbox run` makes
// these or binds the host's, and the rest are secrets or backups.
constexpr std::array<std::string_view, 20> kEtcLeftOut{
    "passwd",    "group",     "shadow",   "gshadow",    "passwd-",     "group-",   "shadow-",
    "gshadow-",  "subuid",    "subgid",   "machine-id", "hostname",    "hosts",    "resolv.conf",
    "host.conf", "localtime", "timezone", "mtab",       "ld.so.cache", ".pwd.lock"};

enum class Kind { Missing, File, Link, Dir, Other };

struct Entry {
    Kind kind = Kind::Missing;
    struct stat st {};
};

Entry look(const fs::path& path) {
    Entry entry;
    if (::lstat(path.c_str(), &entry.st) != 0) return entry;
    if (S_ISREG(entry.st.st_mode))
        entry.kind = Kind::File;
    else if (S_ISLNK(entry.st.st_mode))
        entry.kind = Kind::Link;
    else if (S_ISDIR(entry.st.st_mode))
        entry.kind = Kind::Dir;
    else
        entry.kind = Kind::Other;
    return entry;
}

Result<bool> same_bytes(const fs::path& a, const fs::path& b) {
    UniqueFd first(::open(a.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    UniqueFd second(::open(b.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!first) return system_error("Can't read " + a.string());
    if (!second) return system_error("Can't read " + b.string());
    std::vector<char> left(1 << 16);
    std::vector<char> right(1 << 16);
    for (;;) {
        const ssize_t got = ::read(first.get(), left.data(), left.size());
        if (got < 0) return system_error("Can't read " + a.string());
        ssize_t filled = 0;
        while (filled < got) {
            const ssize_t more = ::read(second.get(), right.data() + filled, size_t(got - filled));
            if (more < 0) return system_error("Can't read " + b.string());
            if (more == 0) return false;
            filled += more;
        }
        if (std::memcmp(left.data(), right.data(), size_t(got)) != 0) return false;
        if (got == 0) {
            char extra = 0;
            return ::read(second.get(), &extra, 1) == 0;
        }
    }
}

Result<bool> same_entry(const fs::path& path, const Entry& entry, const fs::path& runtime_path,
                        const Entry& runtime) {
    if (entry.kind != runtime.kind) return false;
    if (entry.kind == Kind::Link) {
        std::error_code error;
        const fs::path target = fs::read_symlink(path, error);
        const fs::path runtime_target = fs::read_symlink(runtime_path, error);
        if (error) return system_error("Can't read link " + path.string(), error.value());
        return target == runtime_target;
    }
    // A commit keeps only these bits (canonical permissions), so only they can differ.
    if ((entry.st.st_mode & 0755) != (runtime.st.st_mode & 0755)) return false;
    if (entry.st.st_size != runtime.st.st_size) return false;
    return same_bytes(path, runtime_path);
}

// One walk: `source` (the complete tree) against `runtime`, into `dest`.
struct Walk {
    fs::path source;
    fs::path runtime;
    fs::path dest;
};

class LayerExtractor {
  public:
    explicit LayerExtractor(LayerFigures& figures) : figures_(figures) {}

    Status walk(const Walk& walk, const fs::path& relative) {
        const fs::path source_dir = walk.source / relative;
        std::vector<std::string> names;
        std::error_code error;
        for (const auto& item : fs::directory_iterator(source_dir, error))
            names.push_back(item.path().filename().string());
        if (error) return system_error("Can't list " + source_dir.string(), error.value());
        for (const std::string& name : names) SANDBOX_TRY(visit(walk, relative / name));
        count_runtime_only(walk, relative);
        return ok_status();
    }

  private:
    Status visit(const Walk& walk, const fs::path& relative) {
        if (left_out(walk, relative)) return ok_status();
        const fs::path path = walk.source / relative;
        const fs::path runtime_path = walk.runtime / relative;
        const Entry entry = look(path);
        const Entry runtime = look(runtime_path);
        if (entry.kind == Kind::Other || entry.kind == Kind::Missing) return ok_status();
        if (entry.kind == Kind::Dir && runtime.kind == Kind::Dir) return this->walk(walk, relative);
        if (entry.kind != Kind::Dir) {
            auto same = same_entry(path, entry, runtime_path, runtime);
            if (!same) return same.take_error();
            if (*same) {
                ++figures_.same;
                return ok_status();
            }
        }
        return move_into_layer(walk, relative);
    }

    static bool left_out(const Walk&, const fs::path& relative) {
        if (relative.parent_path() != "etc") return false;
        for (std::string_view name : kEtcLeftOut)
            if (relative.filename().string() == name) return true;
        return false;
    }

    // The layer's directories take the modes of the tree's, made as the walk needs them.
    Status make_parents(const Walk& walk, const fs::path& relative) {
        std::error_code error;
        fs::create_directories(walk.dest, error);
        if (error) return system_error("Can't create " + walk.dest.string(), error.value());
        fs::path done;
        for (const auto& part : relative.parent_path()) {
            done /= part;
            const fs::path dir = walk.dest / done;
            if (look(dir).kind == Kind::Dir) continue;
            struct stat st {};
            const mode_t mode =
                ::lstat((walk.source / done).c_str(), &st) == 0 ? (st.st_mode & 0755) : 0755;
            if (::mkdir(dir.c_str(), mode) != 0)
                return system_error("Can't create " + dir.string());
            ++figures_.entries;
        }
        return ok_status();
    }

    void count_moved(const fs::path& path) {
        const Entry entry = look(path);
        ++figures_.entries;
        if (entry.kind == Kind::File) figures_.bytes += std::uint64_t(entry.st.st_size);
        if (entry.kind != Kind::Dir) return;
        std::error_code error;
        for (auto it = fs::recursive_directory_iterator(path, error);
             it != fs::recursive_directory_iterator(); it.increment(error)) {
            ++figures_.entries;
            if (it->is_regular_file(error) && !it->is_symlink(error))
                figures_.bytes += std::uint64_t(it->file_size(error));
        }
    }

    Status move_into_layer(const Walk& walk, const fs::path& relative) {
        SANDBOX_TRY(make_parents(walk, relative));
        const fs::path from = walk.source / relative;
        const fs::path to = walk.dest / relative;
        count_moved(from);
        if (::rename(from.c_str(), to.c_str()) != 0)
            return system_error("Can't move " + from.string() + " into the app's layer");
        return ok_status();
    }

    void count_runtime_only(const Walk& walk, const fs::path& relative) {
        std::error_code error;
        for (const auto& item : fs::directory_iterator(walk.runtime / relative, error)) {
            const fs::path name = relative / item.path().filename();
            if (left_out(walk, name)) continue;
            if (look(walk.source / name).kind == Kind::Missing &&
                look(walk.dest / name).kind == Kind::Missing)
                ++figures_.runtime_only;
        }
    }

    LayerFigures& figures_;
};

}  // namespace

Result<LayerFigures> extract_layer(const fs::path& full_files, const fs::path& runtime_files,
                                   const fs::path& layer) {
    LayerFigures figures;
    LayerExtractor extractor(figures);
    for (const fs::path& dir : {full_files, runtime_files})
        if (look(dir).kind != Kind::Dir) return usage_error(dir.string() + " is not a directory");
    SANDBOX_TRY(extractor.walk(Walk{full_files, runtime_files, layer}, {}));
    return figures;
}

}  // namespace sandbox::builder

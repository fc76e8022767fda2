#include "sandbox/permissions/overrides.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "sandbox/common/files.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"

namespace sandbox::permissions {
namespace {

// More than any override needs: a bound on what a hostile file can make us read.
constexpr std::size_t kMaxOverrideSize = 1 << 20;

Status make_directory(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return system_error("Can't create " + dir.string(), error.value());
    return ok_status();
}

// The staged copy of `name`: one per file, so a writer killed before the rename leaves at most
// one behind, which the next write of that file replaces.
std::string staged_name(const std::string& name) {
    return "." + name + ".new";
}

// The new text in a file of its own under `staged`, complete and on disk. An unnamed file
// (O_TMPFILE) gets its name only once complete, so a kill while writing leaves nothing; file
// systems without O_TMPFILE get the staged name from the start.
Status write_staged(int dir_fd, const std::string& dir, const std::string& staged,
                    const std::string& text) {
    if (::unlinkat(dir_fd, staged.c_str(), 0) != 0 && errno != ENOENT)
        return system_error("Can't remove " + dir + "/" + staged);
    UniqueFd fd(::openat(dir_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644));
    const bool unnamed = static_cast<bool>(fd);
    if (!unnamed)
        fd = UniqueFd(::openat(dir_fd, staged.c_str(),
                               O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) return system_error("Can't create a file in " + dir);
    if (auto written = write_all(fd.get(), text); !written)
        return system_error("Can't write in " + dir, written.error().code);
    if (::fchmod(fd.get(), 0644) != 0 || ::fsync(fd.get()) != 0)
        return system_error("Can't write in " + dir);
    if (!unnamed) return ok_status();
    const std::string self = "/proc/self/fd/" + std::to_string(fd.get());
    if (::linkat(AT_FDCWD, self.c_str(), dir_fd, staged.c_str(), AT_SYMLINK_FOLLOW) != 0)
        return system_error("Can't name the new file in " + dir +
                            " (is another 'sandbox "
                            "override' running?)");
    return ok_status();
}

// A reader sees the old file or the new one, never part of one.
Status replace_file_atomically(const std::filesystem::path& path, const std::string& text) {
    const std::string dir = path.parent_path().string();
    UniqueFd dir_fd(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd) return system_error("Can't open " + dir);
    const std::string name = path.filename().string();
    const std::string staged = staged_name(name);
    if (auto written = write_staged(dir_fd.get(), dir, staged, text); !written) {
        ::unlinkat(dir_fd.get(), staged.c_str(), 0);
        return written;
    }
    if (::renameat(dir_fd.get(), staged.c_str(), dir_fd.get(), name.c_str()) != 0) {
        const int error = errno;
        ::unlinkat(dir_fd.get(), staged.c_str(), 0);
        return system_error("Can't replace " + path.string(), error);
    }
    return ok_status();
}

}  // namespace

Result<Context> load_override_file(const std::filesystem::path& path, Warnings& warnings) {
    auto fd = open_path(AT_FDCWD, path.string(), O_RDONLY | O_NOCTTY);
    if (!fd) {
        if (fd.error().code == ENOENT) return Context{};
        return fd.take_error();
    }
    auto data = read_all(fd->get());
    if (!data) return system_error("Can't read " + path.string(), data.error().code);
    if (data->size() > kMaxOverrideSize) return usage_error(path.string() + " is too large");
    const std::string source = "override " + path.string();
    auto keyfile = parse_keyfile(*data, source);
    if (!keyfile) return keyfile.take_error();
    return context_from_keyfile(keyfile->get(), source, warnings);
}

Status save_override_file(const std::filesystem::path& path, const Context& context) {
    SANDBOX_TRY(make_directory(path.parent_path()));
    return replace_file_atomically(path, context_to_text(context, false));
}

Status remove_override_file(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return system_error("Can't remove " + path.string());
    return ok_status();
}

}  // namespace sandbox::permissions

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

Status write_temporary_and_rename(const std::filesystem::path& path, const std::string& text) {
    std::string temporary = path.string() + ".XXXXXX";
    UniqueFd fd(::mkostemp(temporary.data(), O_CLOEXEC));
    if (!fd) return system_error("Can't create a temporary file next to " + path.string());
    auto discard = [&] { ::unlink(temporary.c_str()); };
    if (auto written = write_all(fd.get(), text); !written) {
        discard();
        return system_error("Can't write " + temporary, written.error().code);
    }
    if (::fchmod(fd.get(), 0644) != 0 || ::fsync(fd.get()) != 0) {
        discard();
        return system_error("Can't write " + temporary);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        discard();
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
    return write_temporary_and_rename(path, context_to_text(context, false));
}

Status remove_override_file(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT)
        return system_error("Can't remove " + path.string());
    return ok_status();
}

}  // namespace sandbox::permissions

#include "support/files.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace sandbox::test {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void make_directories_searchable(const std::filesystem::path& directory) {
    chmod(directory.c_str(), 0700);
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        if (entry.is_directory(error) && !entry.is_symlink(error))
            make_directories_searchable(entry.path());
    }
}

}  // namespace

UniqueFd data_fd(std::string_view content) {
    UniqueFd fd(memfd_create("sandbox-test-data", MFD_CLOEXEC));
    if (!fd) throw_errno("memfd_create");
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t count = write(fd.get(), content.data() + done, content.size() - done);
        if (count < 0) throw_errno("write to memfd");
        done += static_cast<std::size_t>(count);
    }
    if (lseek(fd.get(), 0, SEEK_SET) != 0) throw_errno("lseek memfd");
    return fd;
}

UniqueFd open_or_die(const std::filesystem::path& path, int flags) {
    UniqueFd fd(open(path.c_str(), flags | O_CLOEXEC, 0600));
    if (!fd) throw_errno("open " + path.string());
    return fd;
}

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << content;
    if (!file) throw std::runtime_error("cannot write " + path.string());
}

void write_file(const std::filesystem::path& path, std::string_view content,
                std::filesystem::perms permissions) {
    std::filesystem::create_directories(path.parent_path());
    write_file(path, content);
    std::filesystem::permissions(path, permissions);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

void remove_tree(const std::filesystem::path& path) {
    std::error_code ignored;
    if (!std::filesystem::is_directory(std::filesystem::symlink_status(path, ignored))) {
        std::filesystem::remove(path, ignored);
        return;
    }
    make_directories_searchable(path);
    std::filesystem::remove_all(path, ignored);
}

}  // namespace sandbox::test

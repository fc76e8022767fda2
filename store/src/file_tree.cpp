#include "file_tree.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "sandbox/common/fd.hpp"

namespace sandbox::store {
namespace {

namespace fs = std::filesystem;

void make_directories_writable(const fs::path& root) {
    std::error_code ignored;
    if (!fs::is_directory(fs::symlink_status(root, ignored))) return;
    fs::permissions(root, fs::perms::owner_all, fs::perm_options::add, ignored);
    for (auto it = fs::recursive_directory_iterator(root, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
        if (it->is_directory(ignored) && !it->is_symlink(ignored))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
}

}  // namespace

std::uint64_t tree_size(const fs::path& root) {
    std::uint64_t total = 0;
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(root, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
        if (it->is_regular_file(ignored) && !it->is_symlink(ignored))
            total += it->file_size(ignored);
    }
    return total;
}

Status remove_tree(const fs::path& root) {
    make_directories_writable(root);
    std::error_code error;
    fs::remove_all(root, error);
    if (error) return system_error("Can't remove " + root.string(), error.value());
    return ok_status();
}

Status remove_tree_atomically(const fs::path& path) {
    fs::path hidden = path.parent_path() / (".removing-" + path.filename().string());
    SANDBOX_TRY(remove_tree(hidden));
    if (::rename(path.c_str(), hidden.c_str()) != 0) {
        if (errno == ENOENT) return ok_status();
        return system_error("Can't remove " + path.string());
    }
    return remove_tree(hidden);
}

void sync_filesystem(const fs::path& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd) ::syncfs(fd.get());
}

}  // namespace sandbox::store

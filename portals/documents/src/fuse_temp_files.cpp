#include "fuse_temp_files.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <string_view>

namespace sandbox::portals::documents {
namespace {

constexpr std::size_t kNameKept = 200;
constexpr int kNameAttempts = 100;

std::string random_suffix() {
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::array<unsigned char, 6> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (got > 0) filled += static_cast<std::size_t>(got);
    }
    std::string suffix;
    for (unsigned char byte : bytes) suffix.push_back(kAlphabet[byte % kAlphabet.size()]);
    return suffix;
}

// Creates a file of a fresh hidden name for `name` in `dir_fd`; the fd, or -1 with errno.
int create_hidden(int dir_fd, const std::string& name, int flags, mode_t mode,
                  std::string& host_name) {
    for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
        host_name = hidden_temp_name(name);
        int fd = openat(dir_fd, host_name.c_str(),
                        flags | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    errno = EEXIST;
    return -1;
}

}  // namespace

std::string hidden_temp_name(const std::string& name) {
    return ".sandbox-" + name.substr(0, kNameKept) + "-" + random_suffix();
}

TempFiles::~TempFiles() {
    for (const auto& [key, entry] : entries_) unlink_entry(entry);
}

void TempFiles::unlink_entry(const Entry& entry) {
    if (entry.dir && entry.dir->valid()) unlinkat(entry.dir->get(), entry.host_name.c_str(), 0);
}

std::optional<std::string> TempFiles::host_name(const TempFileOwner& owner,
                                                const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find({owner, name});
    if (found == entries_.end()) return std::nullopt;
    return found->second.host_name;
}

std::vector<std::string> TempFiles::names(const TempFileOwner& owner) const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> result;
    for (const auto& [key, entry] : entries_)
        if (std::get<0>(key) == owner) result.push_back(std::get<1>(key));
    return result;
}

std::size_t TempFiles::count_locked(const TempFileOwner& owner) const {
    std::size_t count = 0;
    for (const auto& [key, entry] : entries_)
        if (std::get<0>(key) == owner) ++count;
    return count;
}

int TempFiles::create(const TempFileOwner& owner, const std::string& name,
                      std::shared_ptr<const UniqueFd> dir, int flags, mode_t mode) {
    std::lock_guard lock(mutex_);
    if (entries_.contains({owner, name})) {
        errno = EEXIST;
        return -1;
    }
    if (count_locked(owner) >= kLimit) {
        errno = ENOSPC;
        return -1;
    }
    std::string host_name;
    int fd = create_hidden(dir->get(), name, flags, mode & 0666, host_name);
    if (fd < 0) return -1;
    entries_[{owner, name}] = Entry{std::move(dir), std::move(host_name)};
    return fd;
}

int TempFiles::adopt(const TempFileOwner& owner, const std::string& name,
                     std::shared_ptr<const UniqueFd> dir, const std::string& from) {
    std::lock_guard lock(mutex_);
    auto existing = entries_.find({owner, name});
    if (existing == entries_.end() && count_locked(owner) >= kLimit) return ENOSPC;
    // The placeholder reserves a fresh name; the rename then replaces only a file of our own.
    std::string host_name;
    int placeholder = create_hidden(dir->get(), name, O_WRONLY, 0600, host_name);
    if (placeholder < 0) return errno;
    ::close(placeholder);
    if (renameat(dir->get(), from.c_str(), dir->get(), host_name.c_str()) != 0) {
        int error = errno;
        unlinkat(dir->get(), host_name.c_str(), 0);
        return error;
    }
    if (existing != entries_.end()) {
        unlink_entry(existing->second);
        entries_.erase(existing);
    }
    entries_[{owner, name}] = Entry{std::move(dir), std::move(host_name)};
    return 0;
}

int TempFiles::move_onto(const TempFileOwner& owner, const std::string& name,
                         const std::string& target, unsigned int flags) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find({owner, name});
    if (found == entries_.end()) return ENOENT;
    const Entry& entry = found->second;
    if (renameat2(entry.dir->get(), entry.host_name.c_str(), entry.dir->get(), target.c_str(),
                  flags) != 0)
        return errno;
    entries_.erase(found);
    return 0;
}

int TempFiles::rename(const TempFileOwner& owner, const std::string& from, const std::string& to,
                      unsigned int flags) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find({owner, from});
    if (found == entries_.end()) return ENOENT;
    if (from == to) return 0;
    auto replaced = entries_.find({owner, to});
    if (replaced != entries_.end()) {
        if ((flags & RENAME_NOREPLACE) != 0) return EEXIST;
        unlink_entry(replaced->second);
        entries_.erase(replaced);
    }
    Entry moved = std::move(found->second);
    entries_.erase(found);
    entries_[{owner, to}] = std::move(moved);
    return 0;
}

int TempFiles::remove(const TempFileOwner& owner, const std::string& name) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find({owner, name});
    if (found == entries_.end()) return ENOENT;
    if (unlinkat(found->second.dir->get(), found->second.host_name.c_str(), 0) != 0 &&
        errno != ENOENT)
        return errno;
    entries_.erase(found);
    return 0;
}

}  // namespace sandbox::portals::documents

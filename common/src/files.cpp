#include "sandbox/common/files.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>
#include <climits>

namespace sandbox {

int openat2_raw(int dirfd, const char* path, int flags, mode_t mode, unsigned long long resolve) {
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags);
    how.mode = mode;
    how.resolve = resolve;
    return static_cast<int>(::syscall(SYS_openat2, dirfd, path, &how, sizeof how));
}

Result<UniqueFd> open_path(int dirfd, const std::string& path, int flags,
                           unsigned long long resolve, mode_t mode) {
    int fd;
    do {
        fd = openat2_raw(dirfd, path.c_str(), flags | O_CLOEXEC, mode, resolve);
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    if (fd < 0) return system_error("Can't open " + path);
    return UniqueFd(fd);
}

Result<std::string> read_all(int fd) {
    std::string data;
    char buffer[65536];
    for (;;) {
        ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return system_error("Can't read fd " + std::to_string(fd));
        if (n == 0) return data;
        data.append(buffer, static_cast<size_t>(n));
    }
}

Status write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return system_error("Can't write fd " + std::to_string(fd));
        data.remove_prefix(static_cast<size_t>(n));
    }
    return ok_status();
}

bool parse_fd_number(std::string_view text, int& fd) {
    if (text.empty()) return false;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return false;
    fd = value;
    return true;
}

}  // namespace sandbox

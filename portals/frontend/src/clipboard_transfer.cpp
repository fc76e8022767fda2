#include "clipboard_transfer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include "sandbox/common/files.hpp"

namespace sandbox::portals {
namespace {

constexpr std::size_t kChunk = std::size_t{64} << 10;

Status set_non_blocking(int fd) {
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return system_error("Can't make a clipboard pipe non-blocking");
    return ok_status();
}

bool past(Deadline deadline) {
    return std::chrono::steady_clock::now() >= deadline;
}

// Waits until `fd` is ready for `events`; false when the deadline passes or a stop comes first.
bool wait_ready(int fd, short events, Deadline deadline, const std::stop_token& stop) {
    while (!stop.stop_requested() && !past(deadline)) {
        pollfd entry{fd, events, 0};
        const int ready = poll(&entry, 1, poll_slice_ms(deadline));
        if (ready > 0) return true;
        if (ready < 0 && errno != EINTR) return false;
    }
    return false;
}

Error interrupted(Deadline deadline) {
    return usage_error(past(deadline) ? "The clipboard transfer took too long"
                                      : "The clipboard transfer was stopped");
}

}  // namespace

Status relay_pipe(int from, int to, std::size_t cap, Deadline deadline,
                  const std::stop_token& stop) {
    SANDBOX_TRY(set_non_blocking(from));
    SANDBOX_TRY(set_non_blocking(to));
    std::size_t moved = 0;
    while (moved < cap) {
        if (!wait_ready(from, POLLIN, deadline, stop)) return interrupted(deadline);
        if (!wait_ready(to, POLLOUT, deadline, stop)) return interrupted(deadline);
        const ssize_t count =
            splice(from, nullptr, to, nullptr, std::min(kChunk, cap - moved), SPLICE_F_NONBLOCK);
        if (count == 0) return ok_status();  // the tool closed its stdout: all there was
        if (count < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            if (errno == EPIPE) return usage_error("The app closed the clipboard pipe");
            return system_error("Can't copy the clipboard's content");
        }
        moved += static_cast<std::size_t>(count);
    }
    return ok_status();
}

Result<UniqueFd> read_into_memfd(int from, std::size_t cap, Deadline deadline,
                                 const std::stop_token& stop) {
    UniqueFd content(memfd_create("sandbox-clipboard", MFD_CLOEXEC));
    if (!content) return system_error("Can't make a buffer for the clipboard's content");
    SANDBOX_TRY(set_non_blocking(from));  // a regular file ignores it

    std::array<char, kChunk> buffer{};
    std::size_t total = 0;
    while (true) {
        if (!wait_ready(from, POLLIN, deadline, stop)) return interrupted(deadline);
        const ssize_t count = read(from, buffer.data(), buffer.size());
        if (count == 0) break;
        if (count < 0) {
            if (errno == EAGAIN || errno == EINTR) continue;
            return system_error("Can't read the content given for the clipboard");
        }
        total += static_cast<std::size_t>(count);
        if (total > cap) return usage_error("The content given for the clipboard is too large");
        SANDBOX_TRY(write_all(content.get(), std::string_view(buffer.data(), count)));
    }
    if (lseek(content.get(), 0, SEEK_SET) != 0)
        return system_error("Can't rewind the clipboard's content");
    return content;
}

}  // namespace sandbox::portals

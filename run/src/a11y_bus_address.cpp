#include "a11y_bus_address.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>

#include "a11y_address_cache.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"

namespace sandbox::run {
namespace {

constexpr const char* kHelper = "sandbox-a11y-address";

// The helper's own timeout (1 s), plus its start.
constexpr std::chrono::milliseconds kLookupLimit{1500};

// 0 when something accepts a connection at the socket `name` (abstract: in the abstract
// namespace), else the errno.
int connect_error(const std::string& name, bool abstract) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t offset = abstract ? 1 : 0;
    if (name.size() + offset >= sizeof address.sun_path) return ENAMETOOLONG;
    std::memcpy(address.sun_path + offset, name.data(), name.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + offset +
                                               name.size() + (abstract ? 0 : 1));
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return errno;
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0) return errno;
    return 0;
}

}  // namespace

std::string unreachable_bus_reason(const std::string& address) {
    auto parsed = dbus_proxy::parse_bus_address(address);
    if (!parsed) return parsed.error().message();
    int first_error = 0;
    auto try_socket = [&first_error](const std::string& name, bool abstract) {
        const int error = connect_error(name, abstract);
        if (first_error == 0) first_error = error;
        return error == 0;
    };
    for (const std::string& path : parsed->socket_paths)
        if (try_socket(path, false)) return {};
    for (const std::string& name : parsed->abstract_names)
        if (try_socket(name, true)) return {};
    return first_error == 0 ? std::string() : std::strerror(first_error);
}

namespace {

// sandbox-a11y-address, next to this program (`sandbox` or `sandbox-cli`).
std::string helper_path() {
    char self[4096];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) return kHelper;
    const std::string path(self, static_cast<std::size_t>(length));
    return path.substr(0, path.rfind('/') + 1) + kHelper;
}

}  // namespace

std::shared_ptr<AccessibilityLookup> AccessibilityLookup::start(const std::string& session_address,
                                                                const std::string& cache_path) {
    std::shared_ptr<AccessibilityLookup> lookup(
        new AccessibilityLookup(session_address, cache_path));
    if (auto cached = A11yAddressCache(cache_path).lookup(session_address)) {
        lookup->result_ = std::move(*cached);
        return lookup;
    }
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) return nullptr;
    UniqueFd read_end(ends[0]);
    UniqueFd write_end(ends[1]);
    auto child = ForkedChild::start([&] {
        if (::dup2(write_end.get(), STDOUT_FILENO) < 0) return 1;
        const std::string program = helper_path();
        const char* argv[] = {program.c_str(), session_address.c_str(), nullptr};
        ::execv(program.c_str(), const_cast<char* const*>(argv));
        return 127;
    });
    if (!child) return nullptr;
    lookup->child_.emplace(std::move(*child));
    lookup->answer_ = std::move(read_end);
    return lookup;
}

std::string AccessibilityLookup::address() {
    if (result_) return *result_;
    result_ = std::string();
    std::string answer;
    const auto deadline = std::chrono::steady_clock::now() + kLookupLimit;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd ready{answer_.get(), POLLIN, 0};
        const int polled = left.count() > 0 ? ::poll(&ready, 1, static_cast<int>(left.count())) : 0;
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) {
            child_->kill_and_reap();
            return *result_;
        }
        char buffer[512];
        const ssize_t got = ::read(answer_.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(got));
    }
    if (child_->wait(kLookupLimit) && child_->status() == 0) {
        result_ = answer;
        A11yAddressCache(cache_path_).remember(session_, answer);
    }
    return *result_;
}

}  // namespace sandbox::run

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
#include "sandbox/dbus_proxy/reachability.hpp"
#include "sibling_program.hpp"

namespace sandbox::run {
namespace {

constexpr const char* kHelper = "sandbox-a11y-address";

// The helper's own timeout (1 s), plus its start.
constexpr std::chrono::milliseconds kLookupLimit{1500};

}  // namespace

std::string unreachable_bus_reason(const std::string& address) {
    auto parsed = dbus_proxy::parse_bus_address(address);
    if (!parsed) return parsed.error().message();
    const int error = dbus_proxy::first_connect_error(*parsed);
    return error == 0 ? std::string() : std::strerror(error);
}

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
        const std::string program = sibling_program(kHelper);
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

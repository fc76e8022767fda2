#include "network_watchdog.hpp"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <vector>

namespace sandbox::store {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds kDefaultLimit(30);
constexpr std::chrono::milliseconds kTick(200);

std::chrono::seconds limit_from_environment() {
    const char* text = std::getenv("SANDBOX_NETWORK_TIMEOUT");
    if (text == nullptr) return kDefaultLimit;
    char* end = nullptr;
    long seconds = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || seconds <= 0) return kDefaultLimit;
    return std::chrono::seconds(seconds);
}

std::vector<int> tcp_sockets() {
    std::vector<int> sockets;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) return sockets;
    while (const dirent* entry = ::readdir(dir)) {
        char* end = nullptr;
        long fd = std::strtol(entry->d_name, &end, 10);
        struct stat info {};
        int protocol = 0;
        socklen_t length = sizeof protocol;
        if (end == entry->d_name || *end != '\0' || ::fstat(int(fd), &info) != 0 ||
            !S_ISSOCK(info.st_mode) ||
            ::getsockopt(int(fd), SOL_SOCKET, SO_PROTOCOL, &protocol, &length) != 0 ||
            protocol != IPPROTO_TCP)
            continue;
        sockets.push_back(int(fd));
    }
    ::closedir(dir);
    return sockets;
}

// How long ago the most recent byte arrived on an established connection; nullopt without one.
// A connection that has received nothing counts from when it was established.
std::optional<std::chrono::milliseconds> quiet_for(const std::vector<int>& sockets) {
    std::optional<std::chrono::milliseconds> quiet;
    for (int fd : sockets) {
        tcp_info info{};
        socklen_t length = sizeof info;
        if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0 ||
            info.tcpi_state != TCP_ESTABLISHED)
            continue;
        std::chrono::milliseconds since(info.tcpi_last_data_recv);
        quiet = quiet ? std::min(*quiet, since) : since;
    }
    return quiet;
}

void shut_down(const std::vector<int>& sockets) {
    for (int fd : sockets) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace

NetworkWatchdog::NetworkWatchdog() : limit_(limit_from_environment()) {
    thread_ = std::thread([this] { watch(); });
}

NetworkWatchdog::~NetworkWatchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

bool NetworkWatchdog::fired() {
    std::lock_guard lock(mutex_);
    return fired_;
}

std::string NetworkWatchdog::reason() const {
    return "the remote sent no data for " + std::to_string(limit_.count()) +
           " seconds (SANDBOX_NETWORK_TIMEOUT sets the limit)";
}

bool NetworkWatchdog::sleep_unless_stopped(std::chrono::milliseconds interval) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, interval, [this] { return stopping_; });
}

void NetworkWatchdog::watch() {
    Clock::time_point last_data = Clock::now();
    while (sleep_unless_stopped(kTick)) {
        std::vector<int> sockets = tcp_sockets();
        if (fired()) {
            shut_down(sockets);
            continue;
        }
        auto quiet = quiet_for(sockets);
        // Without a connection nothing is being waited for (OSTree is writing, or between
        // requests), so only a connection's silence counts.
        if (!quiet) {
            last_data = Clock::now();
            continue;
        }
        last_data = std::max(last_data, Clock::now() - *quiet);
        if (Clock::now() - last_data < limit_) continue;
        {
            std::lock_guard lock(mutex_);
            fired_ = true;
        }
        shut_down(sockets);
    }
}

}  // namespace sandbox::store

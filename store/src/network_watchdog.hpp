#pragma once

// A stall limit for OSTree's network operations. libostree 2022.7's curl fetcher sets no low-speed
// limit and ignores its GCancellable (the limits came back as pull options in 2023.7), so a
// remote that accepts a connection and then sends nothing hangs a pull forever. While one of
// these objects lives, a thread watches the process's TCP sockets: once they have received
// nothing for the limit, it shuts them down, which fails the fetch, and from then on shuts down
// every new one, so that OSTree's retries fail at once too.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace sandbox::store {

class NetworkWatchdog {
  public:
    // The limit is $SANDBOX_NETWORK_TIMEOUT seconds when that is a positive number, else 30.
    NetworkWatchdog();
    NetworkWatchdog(const NetworkWatchdog&) = delete;
    NetworkWatchdog& operator=(const NetworkWatchdog&) = delete;
    ~NetworkWatchdog();

    // Whether it gave up on the remote; then what to tell the user instead of the fetch's error.
    [[nodiscard]] bool fired();
    [[nodiscard]] std::string reason() const;

  private:
    void watch();
    bool sleep_unless_stopped(std::chrono::milliseconds interval);

    std::chrono::seconds limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool fired_ = false;
    std::thread thread_;
};

}  // namespace sandbox::store

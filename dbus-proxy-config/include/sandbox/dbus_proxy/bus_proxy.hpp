#pragma once

// Runs one xdg-dbus-proxy for a sandbox, serving its session bus and, when given, its system and
// accessibility buses, inside a sandbox of its own that carries the app's /.flatpak-info
// (docs/DBUS.md). start() returns once the proxy listens. The proxy ends when every copy of the
// sync fd's read end is closed: give sync_fd() to the app's LaunchPlan, so it lives exactly as
// long as the app's sandbox; the BusProxy's own copy is closed when it goes away.

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/dbus_proxy/app_bus.hpp"
#include "sandbox/dbus_proxy/policy.hpp"

namespace sandbox::dbus_proxy {

struct ProxiedBus {
    Bus bus = Bus::Session;
    std::string address;  // the real bus: $DBUS_SESSION_BUS_ADDRESS, the system bus' address…
    BusPolicy policy;     // effective_bus_policy(): the defaults plus the app's grants
    bool log = false;     // the proxy prints every message it filters (sandbox run --log-*-bus)
};

struct BusProxyConfig {
    std::vector<ProxiedBus> buses;  // at most one of each Bus
    // A directory for the proxy's sockets alone (it is bound read-write into the proxy's
    // sandbox): made 0700 if missing. `sandbox run` uses one inside the instance directory.
    std::string socket_dir;
    // The proxy's /.flatpak-info: the same text as the app's (minimal_flatpak_info() at least).
    std::string flatpak_info;
    std::string program = "xdg-dbus-proxy";  // a path, or a name looked up in $PATH
    std::chrono::milliseconds ready_timeout{10000};
};

class BusProxy {
  public:
    // Checks the config, the proxy program and that each bus answers, starts the proxy and waits
    // until it listens. Fails with one line: a bad name in a policy, the proxy missing, a bus
    // unreachable, the proxy exiting early or not listening within ready_timeout.
    static Result<BusProxy> start(const BusProxyConfig& config);
    // start() in two steps, so that the caller can prepare the app's sandbox while the proxy
    // starts: spawn() makes the same checks and starts the proxy without waiting;
    // wait_until_ready() must succeed before the app's LaunchPlan (which binds the proxy's
    // socket) is launched.
    static Result<BusProxy> spawn(const BusProxyConfig& config);
    Status wait_until_ready();

    BusProxy(BusProxy&&) noexcept;
    BusProxy& operator=(BusProxy&&) noexcept;
    ~BusProxy();  // stop()

    // The read end of the sync pipe: put it in LaunchPlan::sync_fd (bwrap's --sync-fd).
    [[nodiscard]] int sync_fd() const;
    // Hands our copy over: the proxy then ends when the new owner's copies are all closed.
    UniqueFd release_sync_fd();

    // Instead of wait_until_ready(), for the app's LaunchPlan::ready_fd: a copy of the sync pipe's
    // read end, where the proxy's byte arrives once it listens. The launcher waits for it after
    // building the app's sandbox, so the two start side by side. The byte is read once: use one
    // way or the other.
    [[nodiscard]] Result<UniqueFd> ready_fd() const;
    [[nodiscard]] std::string not_ready_message() const;  // LaunchPlan::ready_failure
    [[nodiscard]] std::chrono::milliseconds ready_timeout() const;

    // The host path of the proxy's socket for `bus`; empty when this proxy does not serve it.
    [[nodiscard]] std::string socket_path(Bus bus) const;
    // The mounts and variables that give an app with uid `uid` the proxied buses.
    [[nodiscard]] AppBusView app_view(uid_t uid) const;

    // True once the proxy (its sandbox's launcher process) has ended, waiting up to `timeout`.
    bool wait_for_exit(std::chrono::milliseconds timeout);
    // Closes our sync fd and waits briefly for the proxy to end, then kills it.
    void stop();
    // For when the sandbox it served is gone: the proxy has nothing left to do and nothing to
    // save, so it is killed at once (its own sandbox dies with it) rather than waited for.
    void end_now();

  private:
    struct State;
    explicit BusProxy(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace sandbox::dbus_proxy

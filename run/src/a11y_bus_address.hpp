#pragma once

// The accessibility bus is a bus of its own, started on demand by at-spi's launcher; clients find
// it by asking org.a11y.Bus on the session bus.

#include <memory>
#include <optional>
#include <string>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/forked_child.hpp"

namespace sandbox::run {

// org.a11y.Bus.GetAddress on the session bus, asked by sandbox-a11y-address (run/a11y-address/),
// a child process that `sandbox run` starts first thing: the answer (a round trip, or the call's
// 1 s timeout when nothing answers) comes while the rest of the sandbox is prepared. In a program
// of its own because GDBus is the one user of GIO here: `sandbox` itself stays libc and a static
// GLib (~1 ms less on every start), and no GLib thread ever runs in `sandbox run`, whose launcher
// clones without fork's atfork handlers (a thread holding malloc's lock then would hang the
// sandbox's child) and waits for SIGCHLD on a signalfd (which such a thread could take).
class AccessibilityLookup {
  public:
    // The cached answer (a11y_address_cache.hpp) when still good, else a new question; nullptr
    // when the child cannot be started (then there is no accessibility bus).
    static std::shared_ptr<AccessibilityLookup> start(const std::string& session_address,
                                                      const std::string& cache_path);
    // The child's answer ("" for none), waiting for it the first time.
    std::string address();
    // Whether address() would answer without waiting (the cache's answer).
    [[nodiscard]] bool known() const { return result_.has_value(); }

  private:
    AccessibilityLookup(std::string session, std::string cache_path)
        : session_(std::move(session)), cache_path_(std::move(cache_path)) {}

    std::string session_;
    std::string cache_path_;
    std::optional<ForkedChild> child_;
    UniqueFd answer_;
    std::optional<std::string> result_;
};

// Why nothing listens at the bus `address` (one of its sockets must accept a connection), or ""
// when something does. TCP addresses are not tried.
std::string unreachable_bus_reason(const std::string& address);

}  // namespace sandbox::run

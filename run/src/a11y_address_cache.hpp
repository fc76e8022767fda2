#pragma once

// The last answer about the accessibility bus, kept per session bus in
// $XDG_RUNTIME_DIR/.sandbox/a11y-bus (the user's private runtime dir, hidden from sandboxes), so
// that most launches need not ask: asking costs a process and a GLib start-up (~3 ms), often on
// the launch's critical path. An address is used again only while something still accepts
// connections there (at-spi's launcher restarted: asked again); "no accessibility bus" only for
// kNegativeLifetime, since a later GetAddress may start at-spi's launcher.

#include <chrono>
#include <optional>
#include <string>

namespace sandbox::run {

inline constexpr std::chrono::seconds kNegativeLifetime{10};

class A11yAddressCache {
  public:
    explicit A11yAddressCache(std::string path) : path_(std::move(path)) {}

    // The answer for this session bus, when still good: an address, or "" (none).
    [[nodiscard]] std::optional<std::string> lookup(const std::string& session_address) const;
    // Written whole (a new file renamed over the old one); failures are ignored: it is a cache.
    void remember(const std::string& session_address, const std::string& address) const;

  private:
    std::string path_;
};

}  // namespace sandbox::run

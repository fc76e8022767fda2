#pragma once

// Who is calling the portal, from facts the caller cannot forge (docs/PORTAL.md, "Who is
// calling"): the bus daemon's word for the connection's pid, that process's /.flatpak-info read
// through its own root, and the instance registry, which only `sandbox run` writes. A caller that
// cannot be placed is refused; it is never taken for the host.

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "sandbox/common/error.hpp"

namespace sdbus {
class IConnection;
}

namespace sandbox::portals {

struct Caller {
    enum class Kind { Host, Sandboxed };

    Kind kind = Kind::Host;
    std::string app_id;        // [Application] name; empty for the host
    std::string instance_id;   // [Instance] instance-id; empty for the host
    std::string app_path;      // [Instance] app-path: what the app sees at /app
    std::string runtime_path;  // [Instance] runtime-path: what the app sees at /usr
    std::string info;          // the caller's whole /.flatpak-info text; empty for the host
    pid_t pid = 0;             // as the bus reported it: the proxy's, for an app behind one

    [[nodiscard]] bool is_host() const { return kind == Kind::Host; }
};

// Identifies the senders of calls on one bus connection; each answer is kept until the sender
// leaves the bus (its unique name is never reused).
class CallerIdentifier {
  public:
    CallerIdentifier(sdbus::IConnection& bus, std::filesystem::path instances_dir);
    CallerIdentifier(const CallerIdentifier&) = delete;
    CallerIdentifier& operator=(const CallerIdentifier&) = delete;
    ~CallerIdentifier();

    // The caller behind a unique bus name (":1.42"). The error's message is one line fit for a
    // D-Bus error reply; it names no path the caller could learn from.
    Result<Caller> identify(const std::string& sender);

    // Forgets a sender (it left the bus).
    void forget(const std::string& sender);

  private:
    Result<Caller> identify_uncached(const std::string& sender);

    sdbus::IConnection& bus_;
    std::filesystem::path instances_dir_;
    std::map<std::string, Caller> known_;
};

// The largest /.flatpak-info believed; `sandbox run` writes a few KiB.
inline constexpr std::size_t kMaxCallerInfoSize = 256 * 1024;

// The one answer for every caller that cannot be placed: it names nothing the caller could learn
// from.
Error unidentified_caller();

// The Caller a /.flatpak-info text describes, checked against the instance registry: the instance
// must be running and its recorded info must be this very text. Pure apart from reading the
// registry, so the unit tests drive it with a registry of their own.
Result<Caller> sandboxed_caller_from_info(const std::string& info_text,
                                          const std::filesystem::path& instances_dir);

}  // namespace sandbox::portals

#pragma once

// Request objects as the portal standard has them: a method that needs the user (or a backend)
// returns a handle at once, /org/freedesktop/portal/desktop/request/SENDER/TOKEN, and later emits
// org.freedesktop.portal.Request.Response on it, to the caller alone; the caller may Close it
// first, after which no Response comes. libportal and GTK subscribe to the handle they predict
// from their handle_token before calling, so the path must be exactly that one.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

namespace sandbox::portals {

inline constexpr std::uint32_t kResponseSuccess = 0;
inline constexpr std::uint32_t kResponseCancelled = 1;
inline constexpr std::uint32_t kResponseEnded = 2;

using Options = std::map<std::string, sdbus::Variant>;

// /org/freedesktop/portal/desktop/request/SENDER/TOKEN, SENDER being the unique name without its
// ':' and with '.' as '_'. Empty when the token is not [A-Za-z0-9_]+.
std::string request_handle_path(const std::string& sender, const std::string& token);

class Request {
  public:
    Request(sdbus::IConnection& bus, std::string path, std::string sender);
    Request(const Request&) = delete;
    Request& operator=(const Request&) = delete;
    ~Request();

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& sender() const { return sender_; }
    [[nodiscard]] bool finished() const { return finished_; }

    // The object stays on the bus until the Request is destroyed (not from inside one of its own
    // handlers, which sd-bus is still running): whoever holds it drops it once finished.
    // Sends Response to the sender alone; does nothing once finished.
    void respond(std::uint32_t response, const Options& results = {});
    // Runs when the sender closes the request or leaves the bus (e.g. to close the backend's
    // request); the request is finished by then.
    void on_close(std::function<void()> handler) { on_close_ = std::move(handler); }
    // The sender closed it or left: finish without a Response.
    void close();

  private:
    sdbus::IConnection& bus_;
    std::string path_;
    std::string sender_;
    std::unique_ptr<sdbus::IObject> object_;
    std::function<void()> on_close_;
    bool finished_ = false;
};

// The open requests of one connection.
class Requests {
  public:
    explicit Requests(sdbus::IConnection& bus) : bus_(bus) {}

    // A new request for `sender`, at the path its options' handle_token (default "t") names, or
    // that path plus a random element when it is taken. Throws sdbus::Error
    // (org.freedesktop.portal.Error.InvalidArgument) for a bad token, and NotAllowed when the
    // sender already has kMaxOpenPerSender requests open: a caller cannot make the portal grow.
    std::shared_ptr<Request> create(const std::string& sender, const Options& options);

    // Closes every request of a sender that left the bus.
    void sender_left(const std::string& sender);

    static constexpr std::size_t kMaxOpenPerSender = 64;

  private:
    void prune();

    sdbus::IConnection& bus_;
    std::map<std::string, std::weak_ptr<Request>> by_path_;
};

}  // namespace sandbox::portals

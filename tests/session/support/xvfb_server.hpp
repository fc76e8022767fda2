#pragma once

// Xvfb as a test's X server: it picks a free display number itself (-displayfd: it tries each
// number's lock file /tmp/.XN-lock and socket /tmp/.X11-unix/XN in turn, so two tests running
// at once never share one), requires the cookie this object made, and is stopped when this
// object goes away, with its socket and lock file gone.

#include <filesystem>
#include <memory>
#include <string>

#include "support/command.hpp"

namespace sandbox::test {

class XvfbServer {
  public:
    // Starts Xvfb with a fresh MIT-MAGIC-COOKIE-1 in its auth file (in `dir`). On failure the
    // test fails (ADD_FAILURE) and ready() is false; when /tmp/.X11-unix is missing and cannot
    // be made, skip_reason() says so instead. A /tmp/.X11-unix the tests made is removed by the
    // last server out.
    explicit XvfbServer(const std::filesystem::path& dir);
    XvfbServer(const XvfbServer&) = delete;
    XvfbServer& operator=(const XvfbServer&) = delete;
    ~XvfbServer();

    [[nodiscard]] bool ready() const { return ready_; }
    [[nodiscard]] const std::string& skip_reason() const { return skip_reason_; }
    [[nodiscard]] unsigned number() const { return number_; }
    [[nodiscard]] std::string display() const { return ":" + std::to_string(number_); }
    [[nodiscard]] std::string socket_path() const;
    [[nodiscard]] const std::string& cookie() const { return cookie_; }  // 32 hex digits

  private:
    bool prepare_socket_dir();
    void start(const std::filesystem::path& auth_file);

    std::string cookie_;
    unsigned number_ = 0;
    bool ready_ = false;
    std::string skip_reason_;
    std::unique_ptr<ChildProcess> process_;
};

// A random MIT-MAGIC-COOKIE-1 value, as xauth spells it.
std::string random_cookie();

// `xauth -f FILE add DISPLAY MIT-MAGIC-COOKIE-1 COOKIE` (DISPLAY as xauth takes it: ":N",
// "HOST/unix:N"…); fails the test if xauth does.
void add_cookie(const std::filesystem::path& file, const std::string& display,
                const std::string& cookie);

// `xauth -f FILE list`: one line per entry.
std::string list_cookies(const std::filesystem::path& file);

}  // namespace sandbox::test

#pragma once

// Calls into the dialog backends (org.freedesktop.impl.portal.*) on behalf of a request: the
// backend's Request object lives at the same handle path as ours, so closing ours closes it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

#include "sandbox/portals/request.hpp"

namespace sandbox::portals {

class BackendProxies {
  public:
    explicit BackendProxies(sdbus::IConnection& bus) : bus_(bus) {}

    // Calls `interface`.`method` on its backend with the handle path of `request` and the
    // arguments `add_arguments` appends; `on_reply` gets (response, results), or (2, {}) when
    // there is no backend, it failed or answered with something else. Returns at once.
    void call(const std::shared_ptr<Request>& request, const std::string& interface,
              const std::string& method,
              const std::function<void(sdbus::MethodCall&)>& add_arguments,
              std::function<void(std::uint32_t, Options)> on_reply);

    // Dialogs wait for a person: no timeout that a person could run into.
    static constexpr std::chrono::hours kDialogTimeout{24};

  private:
    struct Closing {
        std::unique_ptr<sdbus::IProxy> proxy;  // at the backend's Request object
        std::shared_ptr<const bool> pending;   // the backend has not answered the call yet
        int attempts = 0;
        bool done = false;
    };
    static constexpr int kMaxCloseAttempts = 100;

    sdbus::IProxy* proxy_for(const std::string& interface);
    void close_backend_request(Closing& closing);

    sdbus::IConnection& bus_;
    std::map<std::string, std::unique_ptr<sdbus::IProxy>> proxies_;  // by bus name
    std::map<std::string, std::unique_ptr<Closing>> closing_;        // by request path
};

}  // namespace sandbox::portals

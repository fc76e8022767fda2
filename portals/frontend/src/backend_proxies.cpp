#include "backend_proxies.hpp"

#include "sandbox/portals/backends.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kImplRequestInterface = "org.freedesktop.impl.portal.Request";

Options read_response(sdbus::MethodReply& reply, std::uint32_t& response) {
    Options results;
    reply >> response >> results;
    return results;
}

}  // namespace

sdbus::IProxy* BackendProxies::proxy_for(const std::string& interface) {
    auto name = find_backend(interface);
    if (!name) return nullptr;
    auto& proxy = proxies_[*name];
    if (!proxy) {
        proxy = sdbus::createProxy(bus_, *name, kBackendObjectPath);
        proxy->finishRegistration();
    }
    return proxy.get();
}

void BackendProxies::call(const std::shared_ptr<Request>& request, const std::string& interface,
                          const std::string& method,
                          const std::function<void(sdbus::MethodCall&)>& add_arguments,
                          std::function<void(std::uint32_t, Options)> on_reply) {
    sdbus::IProxy* proxy = proxy_for(interface);
    if (proxy == nullptr) {
        on_reply(kResponseEnded, {});
        return;
    }
    try {
        auto call = proxy->createMethodCall(interface, method);
        call << sdbus::ObjectPath(request->path());
        add_arguments(call);
        auto pending = std::make_shared<bool>(true);
        auto handler = [on_reply, pending](sdbus::MethodReply& reply, const sdbus::Error* error) {
            *pending = false;
            std::uint32_t response = kResponseEnded;
            Options results;
            if (error == nullptr) {
                try {
                    results = read_response(reply, response);
                } catch (const sdbus::Error&) {
                    response = kResponseEnded;
                    results.clear();
                }
            }
            on_reply(response, std::move(results));
        };
        proxy->callMethod(
            call, std::move(handler),
            std::chrono::duration_cast<std::chrono::microseconds>(kDialogTimeout).count());
        request->on_close(
            [this, name = *find_backend(interface), path = request->path(), pending]() {
                std::erase_if(closing_, [](const auto& entry) { return entry.second->done; });
                auto& closing = closing_[path];
                closing = std::make_unique<Closing>();
                closing->proxy = sdbus::createProxy(bus_, name, path);
                closing->pending = pending;
                close_backend_request(*closing);
            });
    } catch (const sdbus::Error&) {
        on_reply(kResponseEnded, {});
    }
}

// A backend makes its Request object when it handles the call: a Close that overtakes the call
// finds nothing there and is sent again while the call is still unanswered.
void BackendProxies::close_backend_request(Closing& closing) {
    try {
        auto close = closing.proxy->createMethodCall(kImplRequestInterface, "Close");
        closing.proxy->callMethod(close, [this, &closing](sdbus::MethodReply&,
                                                          const sdbus::Error* error) {
            if (error != nullptr && *closing.pending && ++closing.attempts < kMaxCloseAttempts) {
                close_backend_request(closing);
                return;
            }
            closing.done = true;
        });
    } catch (const sdbus::Error&) {
        closing.done = true;  // the backend has already gone
    }
}

}  // namespace sandbox::portals

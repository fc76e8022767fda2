#pragma once

// What the interfaces on org.freedesktop.portal.Desktop share: the connection, the requests
// open on it, who is calling, the dialog backends, the document store.

#include <string>

#include <sdbus-c++/sdbus-c++.h>

#include "backend_proxies.hpp"
#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/request.hpp"

namespace sandbox::portals {

namespace documents {
class DocumentStore;
}
class AppChoices;

struct PortalContext {
    sdbus::IObject& object;  // /org/freedesktop/portal/desktop
    Requests& requests;
    CallerIdentifier& callers;
    BackendProxies& backends;
    documents::DocumentStore& documents;
    AppChoices& app_choices;
};

// The sender of the call being handled on `object`.
std::string current_sender(const sdbus::IObject& object);

// The caller of the call being handled; throws NotAllowed when it cannot be identified.
Caller current_caller(PortalContext& context);

// Runs `body`, turning an sdbus::Error it throws into an error reply on `result`.
template <typename Reply, typename Body>
void answer(sdbus::Result<Reply>& result, Body&& body) {
    try {
        body();
    } catch (const sdbus::Error& error) {
        result.returnError(error);
    }
}

}  // namespace sandbox::portals

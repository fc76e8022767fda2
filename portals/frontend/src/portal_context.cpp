#include "portal_context.hpp"

#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {

std::string current_sender(const sdbus::IObject& object) {
    const sdbus::Message* call = object.getCurrentlyProcessedMessage();
    return call != nullptr ? call->getSender() : std::string();
}

Caller current_caller(PortalContext& context) {
    auto caller = context.callers.identify(current_sender(context.object));
    if (!caller) throw_portal_error(kErrorNotAllowed, caller.error().what);
    return *caller;
}

}  // namespace sandbox::portals

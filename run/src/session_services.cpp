#include "sandbox/run/session_services.hpp"

#include "document_portal_lookup.hpp"
#include "session_services_state.hpp"

namespace sandbox::run {

std::string host_variable(const SessionHost& host, const std::string& name) {
    auto found = host.environment.find(name);
    return found == host.environment.end() ? std::string() : found->second;
}

SessionServices::SessionServices() : buses(std::make_unique<Buses>()) {}
SessionServices::SessionServices(SessionServices&&) noexcept = default;
SessionServices& SessionServices::operator=(SessionServices&&) noexcept = default;
SessionServices::~SessionServices() = default;

Status finish_session_services(const SessionHost& host, SessionServices& services) {
    SANDBOX_TRY(grant_accessibility_bus(host, services));
    return grant_documents(host, services);
}

Result<SessionServices> grant_session_services(const permissions::Context& context,
                                               const SessionHost& host) {
    SessionServices services;
    SANDBOX_TRY(grant_buses(context, host, services));
    SANDBOX_TRY(grant_display(context, host, services));
    SANDBOX_TRY(grant_audio(context, host, services));
    return services;
}

}  // namespace sandbox::run

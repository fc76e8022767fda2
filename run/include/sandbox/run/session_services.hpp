#pragma once

// The session's services an app's permissions grant, reached through the real services
// (docs/SESSION.md): the D-Bus buses through xdg-dbus-proxy, the display (Wayland, X11), audio
// (PulseAudio, PipeWire). Each service has its own file; each fills the SessionGrants of the plan
// inputs from the host's facts, which are gathered once, here, as plain data.

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

class AccessibilityLookup;
class DocumentStoreLookup;

// What the host's session is, as the caller of `sandbox run` sees it.
struct SessionHost {
    uid_t uid = 0;  // the app's uid, the same inside and out
    std::string app_id;
    // The caller's environment: WAYLAND_DISPLAY, DISPLAY, XAUTHORITY, PULSE_SERVER,
    // DBUS_SESSION_BUS_ADDRESS, DBUS_SYSTEM_BUS_ADDRESS, AT_SPI_BUS_ADDRESS, XDG_RUNTIME_DIR…
    std::map<std::string, std::string> environment;
    std::string runtime_dir;   // the host's $XDG_RUNTIME_DIR, else /run/user/UID
    std::string instance_dir;  // this run's instance directory (per-run sockets live there)
    std::string flatpak_info;  // the text of the app's /.flatpak-info (the D-Bus proxy's too)
    bool network = false;      // --share=network: the sandbox is in the host's network namespace
    bool log_session_bus = false;  // --log-session-bus: the proxy prints what it filters
    bool log_system_bus = false;   // --log-system-bus
    // The accessibility bus' address being asked (start_accessibility_lookup); null: not asked.
    std::shared_ptr<AccessibilityLookup> accessibility;
    // The document portal's store being found (start_document_portal_lookup); null: none.
    std::shared_ptr<DocumentStoreLookup> documents;
};

// The caller's variable NAME; empty when unset.
std::string host_variable(const SessionHost& host, const std::string& name);

// What the granted services hold open while the sandbox runs.
class SessionServices {
  public:
    SessionServices();
    SessionServices(SessionServices&&) noexcept;
    SessionServices& operator=(SessionServices&&) noexcept;
    ~SessionServices();

    // Declared first, so destroyed last: the proxy ends once every copy of its sync fd is closed,
    // the ready fd among `owned` included.
    struct Buses;
    std::unique_ptr<Buses> buses;

    SessionGrants grants;
    std::vector<UniqueFd> owned;  // fds the grants name (sockets, files, the proxy's ready fd)
};

// Starts what the permissions grant. The D-Bus proxy is spawned, not awaited: the app's sandbox is
// prepared and built meanwhile, and the launcher waits for the proxy's byte (grants.ready_fd) just
// before it starts the app. A grant whose service is absent on the host is left out with a
// warning in grants.warnings, as Flatpak does; a service that is there but fails is an error.
Result<SessionServices> grant_session_services(const permissions::Context& context,
                                               const SessionHost& host);

// The second step, just before the launch: what waited on an answer from elsewhere (the
// accessibility bus' address, and its proxy), and the document portal's store.
Status finish_session_services(const SessionHost& host, SessionServices& services);

// One per service (display_sockets.cpp, audio_sockets.cpp, session_buses.cpp).
Status grant_display(const permissions::Context& context, const SessionHost& host,
                     SessionServices& services);
Status grant_audio(const permissions::Context& context, const SessionHost& host,
                   SessionServices& services);
Status grant_buses(const permissions::Context& context, const SessionHost& host,
                   SessionServices& services);
Status grant_accessibility_bus(const SessionHost& host, SessionServices& services);

// The document portal's store (document_store.hpp): looked at first thing in `sandbox run`, and the
// portal started when it is not mounted and there is a session bus; null when there is neither.
std::shared_ptr<DocumentStoreLookup> start_document_portal_lookup(const SessionHost& host);
// The app's view of the store at /run/user/UID/doc, once the portal answered (3 s at most).
Status grant_documents(const SessionHost& host, SessionServices& services);

}  // namespace sandbox::run

#include "sandbox/run/session_services.hpp"

namespace sandbox::run {

// Being written: Wayland and X11 (docs/SESSION.md).
Status grant_display(const permissions::Context&, const SessionHost&, SessionServices&) {
    return ok_status();
}

}  // namespace sandbox::run

#include "sandbox/portals/portal_errors.hpp"

#include <sdbus-c++/Error.h>

namespace sandbox::portals {

void throw_portal_error(const char* name, const std::string& message) {
    throw sdbus::Error(name, message);
}

}  // namespace sandbox::portals

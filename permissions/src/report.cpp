#include "sandbox/permissions/report.hpp"

#include "sandbox/permissions/keyfile_writer.hpp"

namespace sandbox::permissions {

std::string permissions_report(const Context& effective) {
    return context_to_text(effective, true);
}

}  // namespace sandbox::permissions

#include "sandbox/dbus_proxy/flatpak_info.hpp"

#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {

Result<std::string> minimal_flatpak_info(std::string_view app_id, std::string_view instance_id) {
    SANDBOX_TRY(check_app_id(app_id));
    SANDBOX_TRY(check_instance_id(instance_id));
    return "[Application]\nname=" + std::string(app_id) +
           "\n\n[Instance]\ninstance-id=" + std::string(instance_id) + "\n";
}

}  // namespace sandbox::dbus_proxy

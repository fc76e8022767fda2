#pragma once

#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::dbus_proxy {

// `program` itself when it contains a '/', else the first executable of that name in $PATH; as
// an absolute path, since it is bound at the same place in the proxy's sandbox.
Result<std::string> find_proxy_program(std::string_view program);

}  // namespace sandbox::dbus_proxy

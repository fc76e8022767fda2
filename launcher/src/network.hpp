#pragma once

#include "sandbox/common/error.hpp"

namespace sandbox::launcher {

// Brings up the loopback interface of a new network namespace (the kernel adds 127.0.0.1/::1).
Status bring_up_loopback();

}  // namespace sandbox::launcher

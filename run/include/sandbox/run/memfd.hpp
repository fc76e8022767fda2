#pragma once

// Data handed to the launcher as a file: a sealed memfd, positioned at its start.

#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::run {

Result<UniqueFd> sealed_data_fd(const char* name, std::string_view data);

}  // namespace sandbox::run

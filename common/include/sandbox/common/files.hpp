#pragma once

#include <linux/openat2.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox {

// openat2(2), which glibc 2.36 does not wrap.
int openat2_raw(int dirfd, const char* path, int flags, mode_t mode, unsigned long long resolve);

Result<UniqueFd> open_path(int dirfd, const std::string& path, int flags,
                           unsigned long long resolve = 0, mode_t mode = 0);

// Reads everything from fd (until EOF).
Result<std::string> read_all(int fd);
// Writes all of data to fd, retrying short writes.
Status write_all(int fd, std::string_view data);

// Parses a non-negative decimal fd number; false on anything else.
bool parse_fd_number(std::string_view text, int& fd);

}  // namespace sandbox

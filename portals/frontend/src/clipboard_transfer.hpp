#pragma once

// Moving clipboard content between an app's fd and a clipboard tool, in a worker thread, never
// longer than a deadline and never more than a cap: a slow or hostile app can hold a worker,
// not the portal.

#include <cstddef>
#include <stop_token>

#include "host_clipboard_process.hpp"
#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::portals {

inline constexpr std::size_t kMaxClipboardContent = std::size_t{64} << 20;  // 64 MiB

// Copies pipe `from` into pipe `to` (both set non-blocking here; `from` is ours, `to` the app's)
// with splice(2), so the content passes through the kernel only, until `from` ends, `to` is
// closed by the app, `cap` bytes went through (the rest is cut off), the deadline or a stop.
Status relay_pipe(int from, int to, std::size_t cap, Deadline deadline,
                  const std::stop_token& stop);

// The content of `from` (a pipe or a regular file, read from its current offset) in a new memfd
// positioned at 0. More than `cap` bytes, the deadline or a stop: an error.
Result<UniqueFd> read_into_memfd(int from, std::size_t cap, Deadline deadline,
                                 const std::stop_token& stop);

}  // namespace sandbox::portals

#pragma once

#include <string>

#include "bench_cases.hpp"

namespace sandbox::bench {

// The "flatpak-replay" case: the arguments flatpak gave bwrap for one `flatpak run`, captured by
// bench/flatpak's wrapper into DIR as
//   DIR/argv      the arguments after the program name, NUL-terminated ("--args", "38", "--", ...)
//   DIR/fds/N     what fd N held: a copy of its content (--args, --ro-bind-data, --seccomp,
//                 --info-fd...), or a symlink to the file or directory an O_PATH fd pointed at
//                 (--ro-bind-fd)
// Each launch gets every fd reopened at its number, so both launchers read the same bytes.
Result<BenchCase> load_replay_case(const std::string& dir, int runs);

}  // namespace sandbox::bench

#pragma once

// Running sandbox-file-forwarding (run/file-forwarding/, the protocol in
// file_forwarding_protocol.hpp): the fds it exports are inherited, its answer read from a pipe.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/forked_child.hpp"
#include "sandbox/run/file_forwarding_protocol.hpp"

namespace sandbox::run {

class ExportHelper {
  public:
    // Started at once; `requests`' fds stay ours (the child gets copies without close-on-exec).
    static std::optional<ExportHelper> start(const std::string& session_bus,
                                             const std::string& app_id,
                                             const std::vector<ExportRequest>& requests);
    // One answer per request, in order: those the helper did not give in time are failures.
    std::vector<ExportAnswer> answers();

  private:
    ExportHelper(ForkedChild child, UniqueFd output, std::size_t count);

    ForkedChild child_;
    UniqueFd output_;
    std::size_t count_;
    std::chrono::steady_clock::time_point deadline_;
};

}  // namespace sandbox::run

#pragma once

// The backend's record of every call, for the tests to assert what the frontend forwarded: one
// line per call appended to $SANDBOX_TEST_BACKEND_LOG, "INTERFACE.METHOD" then tab-separated
// NAME=VALUE fields, each value escaped (g_strescape) so a line stays one line. Strings are
// written as they are; options and other structured arguments as GVariant text.

#include <string>
#include <utility>
#include <vector>

namespace portal_test_backend {

using LogFields = std::vector<std::pair<std::string, std::string>>;

void log_call(const std::string& member, const LogFields& fields);

}  // namespace portal_test_backend

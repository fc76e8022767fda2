#pragma once

// `gdbus call` as the D-Bus tests run it, inside a sandbox or straight on a bus, and how they
// read a refusal.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/command.hpp"

namespace sandbox::test {

// The arguments of `gdbus call` on `bus` ("--session", "--system", "--address=…"), without the
// program's name.
std::vector<std::string> gdbus_call_arguments(const std::string& bus, const std::string& dest,
                                              const std::string& path, const std::string& method,
                                              const std::vector<std::string>& args = {});

// The call failed with one of the D-Bus errors `errors` (e.g. "AccessDenied") and got no reply.
::testing::AssertionResult refused_with(const CommandResult& result,
                                        const std::vector<std::string>& errors);

}  // namespace sandbox::test

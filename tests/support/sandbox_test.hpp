#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/fd.hpp"
#include "support/command.hpp"
#include "support/files.hpp"
#include "support/host_state.hpp"
#include "support/sandbox.hpp"

namespace sandbox::test {

// Base of every test that starts sandboxes. After each test it checks that the host mount table
// is as before and that no process of the test is left (orphans come back to us as the test main
// makes us a subreaper); leftovers are killed so that the next test starts clean.
class SandboxTest : public ::testing::Test {
  protected:
    void SetUp() override;
    void TearDown() override;

    // An empty directory of the test user's, removed after the test.
    [[nodiscard]] const std::filesystem::path& scratch() const { return scratch_; }

    // Runs the probe in a minimal sandbox with `options` added.
    CommandResult run_probe(const std::vector<std::string>& options,
                            const std::vector<std::string>& probe_args,
                            const CommandOptions& command_options = {});
    // The same, expecting success; returns the parsed report.
    KeyValues probe_report(const std::vector<std::string>& options,
                           const std::vector<std::string>& probe_args,
                           const CommandOptions& command_options = {});

  private:
    void expect_no_process_left();

    HostState host_before_;
    std::filesystem::path scratch_;
};

}  // namespace sandbox::test

#pragma once

#include <filesystem>
#include <vector>

namespace sandbox::test {

// The tests exercise what an ordinary user can do, so when started as root (CI is) the process
// becomes the user "sandbox-test", creating it first if needed. Either way it then gets a private
// TMPDIR, removed at exit. Exits with one line on stderr when that cannot be done.
void become_unprivileged_test_user();

// Exits with one line on stderr naming the culprit when one of `programs` cannot be executed by
// this process (missing, or a parent directory the test user cannot traverse).
void require_executable(const std::vector<std::filesystem::path>& programs);

}  // namespace sandbox::test

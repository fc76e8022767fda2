#pragma once

// Named points in the store's multi-step operations where the tests kill the process: with
// SANDBOX_TEST_STOP_AT=NAME in the environment, reaching NAME prints "sandbox-test-stop: NAME" on
// stdout and waits to be killed. Without the variable nothing happens.

namespace sandbox::store {

void test_stop_point(const char* name);

}  // namespace sandbox::store

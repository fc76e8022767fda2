#include "test_points.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sandbox::store {

void test_stop_point(const char* name) {
    const char* wanted = std::getenv("SANDBOX_TEST_STOP_AT");
    if (wanted == nullptr || std::strcmp(wanted, name) != 0) return;
    std::printf("sandbox-test-stop: %s\n", name);
    std::fflush(stdout);
    for (;;) ::pause();
}

}  // namespace sandbox::store

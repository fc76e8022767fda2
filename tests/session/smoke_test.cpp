// The session suite's runtime holds the clients the other tests run inside.

#include <gmock/gmock.h>

#include "session/support/session_test.hpp"

namespace sandbox::test {
namespace {

class SessionRuntime : public SessionTest {};

TEST_F(SessionRuntime, ClientsStartInsideTheSandbox) {
    for (const char* client : {"gdbus", "wayland-info", "xdpyinfo", "pactl", "pw-cli"}) {
        CommandResult result = sandbox({"run", "--installation=" + installation_dir().string(),
                                        std::string("--command=") + client, kAppId, "--help"});
        EXPECT_NE(result.status, 127) << client << ": " << result.err;
        EXPECT_THAT(result.err, ::testing::Not(::testing::HasSubstr("error while loading")))
            << client;
    }
}

}  // namespace
}  // namespace sandbox::test

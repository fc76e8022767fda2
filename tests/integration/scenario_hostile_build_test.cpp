// Issue 8: a manifest's build commands are as hostile as an app. Each command here makes one
// escape (a write outside the build directory, the network, ptrace, mount, a user namespace)
// with the probe, which exits 0 only when the escape worked: every build must fail with one line
// naming the command, and the host must be as it was. A build whose command stays inside shows
// that the failures come from the sandbox, not from the probe or the manifest.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHostileAppId = "org.hostile.Build";

// A listening TCP socket on the host's 127.0.0.1, on a port the kernel picks.
class HostListener {
  public:
    HostListener() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        auto* generic = reinterpret_cast<sockaddr*>(&address);
        if (::bind(fd_.get(), generic, length) != 0 || ::listen(fd_.get(), 8) != 0 ||
            ::getsockname(fd_.get(), generic, &length) != 0)
            throw std::runtime_error("can't listen on 127.0.0.1");
        port_ = ntohs(address.sin_port);
    }

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] bool was_reached() const {
        UniqueFd accepted(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        return static_cast<bool>(accepted);
    }

  private:
    UniqueFd fd_;
    int port_ = 0;
};

class HostileBuild : public StoreTest {
  protected:
    void SetUp() override {
        StoreTest::SetUp();
        add_remote("origin", repo().url());
        install(repo().runtime_ref());
        fs::create_directories(victim());
        fs::create_directories(manifests());
        fs::copy_file(probe_path(), manifests() / "probe");
    }

    [[nodiscard]] fs::path victim() const { return scratch() / "victim"; }
    [[nodiscard]] fs::path manifests() const { return scratch() / "manifests"; }

    // `sandbox build` of an app whose one module runs `command` in the build directory, where the
    // probe has been copied.
    CommandResult build_with(const std::string& command) {
        const fs::path manifest = manifests() / "app.json";
        write_file(manifest, std::string(R"({"id": ")") + kHostileAppId +
                                 R"(", "branch": "stable", "runtime": ")" + kRuntimeId +
                                 R"(", "runtime-version": "stable", "command": "probe",
            "modules": [{"name": "attack", "buildsystem": "simple",
                         "sources": [{"type": "file", "path": "probe"}],
                         "build-commands": [")" +
                                 command + R"("]}]})");
        return sandbox(
            {"build", "--repo=" + (scratch() / "built-repo").string(), manifest.string()});
    }

    void expect_stopped(const std::string& attack) {
        const std::string command = "./probe attempt " + attack;
        const auto installation_before = snapshot();
        CommandResult result = build_with(command);
        EXPECT_TRUE(is_one_error_line(result, "build command '" + command + "' failed")) << attack;
        EXPECT_THAT(result.out, ::testing::HasSubstr("\nattempt=")) << attack;
        EXPECT_THAT(result.out, ::testing::Not(::testing::HasSubstr("attempt=ok"))) << attack;
        EXPECT_EQ(snapshot_changes(installation_before, snapshot()), "") << attack;
        EXPECT_TRUE(tree_is_empty(victim())) << attack << " wrote on the host";
    }

    static bool tree_is_empty(const fs::path& dir) { return fs::is_empty(dir); }
};

TEST_F(HostileBuild, ACommandThatStaysInsideBuilds) {
    CommandResult result = build_with("./probe attempt write /run/build/attack/made-inside");
    EXPECT_EQ(result.status, 0) << result.out << result.err;
    EXPECT_THAT(result.out, ::testing::HasSubstr("attempt=ok"));
}

TEST_F(HostileBuild, WritesOutsideTheBuildDirectoryAreStopped) {
    expect_stopped("write " + (victim() / "pwned").string());
    expect_stopped("write /run/build/attack/../../../" + (victim() / "pwned").string());
    expect_stopped("write /usr/pwned");
    expect_stopped("write /usr/bin/bash");
}

TEST_F(HostileBuild, TheHostsNetworkIsUnreachable) {
    HostListener listener;
    expect_stopped("connect-tcp 127.0.0.1 " + std::to_string(listener.port()));
    EXPECT_FALSE(listener.was_reached());
}

TEST_F(HostileBuild, PtraceMountAndUserNamespacesAreStopped) {
    expect_stopped("ptrace-traceme");
    expect_stopped("mount-tmpfs /tmp");
    expect_stopped("unshare-user");
}

}  // namespace
}  // namespace sandbox::test::store

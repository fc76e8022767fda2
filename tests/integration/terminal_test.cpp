// TIOCSTI input injection into the terminal the sandbox was started from (catalog S01), with a pty
// harness: the launcher runs as a session leader whose controlling terminal is a pty, as under a
// terminal emulator, and the app pushes "echo injected\n" into that terminal's input. Whatever
// reaches the input is echoed to the master side, where the test looks for it.

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

constexpr const char* kInjected = "echo injected";

struct Pty {
    UniqueFd master;
    UniqueFd slave;
};

Pty open_pty() {
    UniqueFd master(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master || grantpt(master.get()) != 0 || unlockpt(master.get()) != 0)
        throw std::runtime_error("cannot allocate a pty");
    const char* slave_name = ptsname(master.get());
    if (slave_name == nullptr) throw std::runtime_error("ptsname failed");
    UniqueFd slave(open(slave_name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) throw std::runtime_error(std::string("cannot open ") + slave_name);
    return {std::move(master), std::move(slave)};
}

std::string readable_output(int master) {
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    std::string text;
    char buffer[1024];
    for (ssize_t count; (count = read(master, buffer, sizeof buffer)) > 0;)
        text.append(buffer, count);
    return text;
}

struct Injection {
    std::string probe_says;      // what the probe's ioctl() got
    std::string terminal_shows;  // what reached the terminal
};

Injection inject_from(const std::vector<std::string>& command) {
    Pty pty = open_pty();
    CommandOptions options;
    options.extra_fds = {{pty.slave.get(), STDIN_FILENO}};
    options.stdin_is_controlling_tty = true;
    CommandResult result = run_command(command, options);
    EXPECT_EQ(result.status, 0) << result.err;
    return {value_of(parse_key_values(result.out), "tty-inject").value_or("<none>"),
            readable_output(pty.master.get())};
}

class TerminalInjection : public SandboxTest {
  protected:
    // Without a sandbox the injection must work, or these tests could not see it fail.
    void SetUp() override {
        SandboxTest::SetUp();
        Injection on_host = inject_from({probe_path().string(), "tty-inject"});
        if (on_host.probe_says != "ok")
            GTEST_SKIP() << "this kernel refuses TIOCSTI outright (" << on_host.probe_says
                         << "; dev.tty.legacy_tiocsti=0?)";
        ASSERT_NE(on_host.terminal_shows.find(kInjected), std::string::npos)
            << "the pty harness does not see an injection: " << on_host.terminal_shows;
    }

    void expect_blocked(const std::vector<std::string>& options) {
        Injection in_sandbox = inject_from(sandbox_command(options, {"tty-inject"}));
        EXPECT_EQ(in_sandbox.probe_says, "EPERM");
        EXPECT_EQ(in_sandbox.terminal_shows.find(kInjected), std::string::npos)
            << in_sandbox.terminal_shows;
    }
};

TEST_F(TerminalInjection, DefaultPolicyBlocksIt) {
    if (is_bwrap()) GTEST_SKIP() << "--seccomp-default is sandbox-launch's own option";
    expect_blocked({"--seccomp-default"});
}

TEST_F(TerminalInjection, NewSessionBlocksIt) {
    expect_blocked({"--new-session"});
}

}  // namespace
}  // namespace sandbox::test

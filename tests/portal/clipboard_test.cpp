// The clipboard portal end to end (docs/CLIPBOARD.md): an app inside `sandbox run` without
// --socket=x11, so the portal is its only way to the host's clipboard (an Xvfb the portal was
// started on), asks through RequestAccess; the scripted backend's AccessDialog answers; the answer
// is remembered in the permission store, shown and reset by the `sandbox` CLI.
#include <gmock/gmock.h>

#include <thread>

#include "portal/support/portal_test.hpp"

namespace sandbox::test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr const char* kAccessDialog = "org.freedesktop.impl.portal.Access.AccessDialog";
constexpr const char* kNotAllowed = "org.freedesktop.portal.Error.NotAllowed";
constexpr int kRefused = 3;  // portal-client: clipboard access not granted

class Clipboard : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        if (const std::string why = unavailable(Frontend::Ours); !why.empty()) GTEST_SKIP() << why;
        if (!start_display()) {
            if (!display()->skip_reason().empty()) GTEST_SKIP() << display()->skip_reason();
            return;
        }
    }

    void start_with_access_answer(int response) {
        write_backend_script("[Access]\nresponse=" + std::to_string(response) + "\n");
        start_portal(Frontend::Ours);
    }

    // portal-client clipboard-request inside the sandbox: its key=value lines, the exit status
    // checked against `expected_status`.
    KeyValues sandboxed_request(int expected_status) {
        CommandResult result = sandboxed_client({"clipboard-request"});
        EXPECT_EQ(result.status, expected_status) << result.out << result.err << frontend_logs();
        return parse_key_values(result.out);
    }

    [[nodiscard]] std::vector<BackendCall> access_dialogs() const {
        return backend_calls(kAccessDialog);
    }

    // xclip -selection clipboard ARGS… (-o: the host pasting) as a host app.
    CommandResult host_xclip(const std::vector<std::string>& args) {
        std::vector<std::string> argv{"xclip", "-selection", "clipboard"};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = session_environment();
        options.timeout = 10s;
        return run_command(argv, options);
    }

    // Returns once the host's xclip serves `content`: its first process exits before the
    // selection is taken. The child serving it would hold our output pipes open (and be killed
    // with its process group when run_command gives up waiting for them): it writes to /dev/null.
    void host_copies(const std::string& content) {
        CommandOptions options;
        options.environment = session_environment();
        options.stdin_data = content;
        options.timeout = 10s;
        const CommandResult copied = run_command(
            {"/bin/sh", "-c", "exec xclip -selection clipboard -t text/plain -i >/dev/null 2>&1"},
            options);
        ASSERT_EQ(copied.status, 0) << copied.err;
        ASSERT_FALSE(copied.timed_out);
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (host_xclip({"-t", "TARGETS", "-o"}).out.find("text/plain") == std::string::npos) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "xclip never offered it";
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    CommandResult sandbox_cli(const std::vector<std::string>& args) {
        return sandbox(args, {"XDG_DATA_HOME=" + data_home().string()});
    }
};

TEST_F(Clipboard, OnAWaylandSessionTheAppReachesTheCompositorsClipboard) {
    // weston in an X window has a seat, so wl-copy and wl-paste (the portal's Wayland tools, and
    // the host's here) get the keyboard focus the core protocol requires for the selection.
    ASSERT_TRUE(start_wayland_display());
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_EQ(value_of(sandboxed_request(0), "granted"), "true");

    CommandResult written =
        sandboxed_client({"clipboard-write", "text/plain", "from the app on wayland"});
    ASSERT_EQ(written.status, 0) << written.err << frontend_logs();
    CommandOptions options;
    options.environment = session_environment();
    options.timeout = 10s;
    const CommandResult pasted = run_command({"wl-paste", "--no-newline"}, options);
    EXPECT_EQ(pasted.status, 0) << pasted.err;
    EXPECT_EQ(pasted.out, "from the app on wayland");

    // wl-copy stays to serve the selection: its output goes nowhere we wait on.
    const CommandResult copied = run_command(
        {"/bin/sh", "-c", "exec wl-copy --type text/plain 'from the wayland host' >/dev/null 2>&1"},
        options);
    ASSERT_EQ(copied.status, 0) << copied.err;
    CommandResult read = sandboxed_client({"clipboard-read", "text/plain"});
    ASSERT_EQ(read.status, 0) << read.err << frontend_logs();
    EXPECT_EQ(value_of(parse_key_values(read.out), "data"), "from the wayland host");
}

TEST_F(Clipboard, GrantedAppWritesAndReadsTheHostsClipboard) {
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    const KeyValues answer = sandboxed_request(0);
    EXPECT_EQ(value_of(answer, "response"), "0");
    EXPECT_EQ(value_of(answer, "granted"), "true");
    const std::vector<BackendCall> dialogs = access_dialogs();
    ASSERT_THAT(dialogs, SizeIs(1)) << frontend_logs();
    EXPECT_EQ(dialogs.front().field("app_id"), kAppId);

    CommandResult written = sandboxed_client({"clipboard-write", "text/plain", "from the app"});
    ASSERT_EQ(written.status, 0) << written.err << frontend_logs();
    const CommandResult pasted = host_xclip({"-o"});
    EXPECT_EQ(pasted.status, 0) << pasted.err;
    EXPECT_EQ(pasted.out, "from the app");

    host_copies("from the host");
    CommandResult read = sandboxed_client({"clipboard-read", "text/plain"});
    ASSERT_EQ(read.status, 0) << read.err << frontend_logs();
    EXPECT_EQ(value_of(parse_key_values(read.out), "data"), "from the host");

    CommandResult types = sandboxed_client({"clipboard-mime-types"});
    ASSERT_EQ(types.status, 0) << types.err << frontend_logs();
    EXPECT_THAT(values_of(parse_key_values(types.out), "mime"), Contains("text/plain"));
}

// Without the portal's yes nothing of the clipboard reaches the app, nor anything of the app the
// clipboard, and nobody was asked: only RequestAccess asks.
TEST_F(Clipboard, AppNeverAskedIsNotAllowed) {
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    host_copies("secret of the host");
    CommandResult read = sandboxed_client({"clipboard-read", "text/plain"});
    EXPECT_EQ(read.status, kRefused) << read.out << read.err << frontend_logs();
    EXPECT_THAT(read.err, HasSubstr(kNotAllowed));
    EXPECT_THAT(read.out, Not(HasSubstr("secret")));
    CommandResult written = sandboxed_client({"clipboard-write", "text/plain", "planted"});
    EXPECT_EQ(written.status, kRefused) << written.out << written.err;
    EXPECT_EQ(host_xclip({"-o"}).out, "secret of the host");
    EXPECT_EQ(sandboxed_client({"clipboard-mime-types"}).status, kRefused);
    EXPECT_THAT(access_dialogs(), IsEmpty());
}

TEST_F(Clipboard, SecondRequestIsAnsweredWithoutAsking) {
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    sandboxed_request(0);
    // Were the backend asked again, it would now say no.
    write_backend_script("[Access]\nresponse=1\n");
    const KeyValues again = sandboxed_request(0);
    EXPECT_EQ(value_of(again, "granted"), "true");
    EXPECT_THAT(access_dialogs(), SizeIs(1)) << frontend_logs();
}

TEST_F(Clipboard, RefusalIsRememberedAndReadIsNotAllowed) {
    start_with_access_answer(1);
    ASSERT_FALSE(HasFatalFailure());
    const KeyValues answer = sandboxed_request(kRefused);
    EXPECT_EQ(value_of(answer, "response"), "0");
    EXPECT_EQ(value_of(answer, "granted"), "false");

    host_copies("secret of the host");
    CommandResult read = sandboxed_client({"clipboard-read", "text/plain"});
    EXPECT_EQ(read.status, kRefused) << read.out << read.err << frontend_logs();
    EXPECT_THAT(read.err, HasSubstr(kNotAllowed));
    EXPECT_THAT(read.out, Not(HasSubstr("secret")));

    write_backend_script("[Access]\nresponse=0\n");
    EXPECT_EQ(value_of(sandboxed_request(kRefused), "granted"), "false");
    EXPECT_THAT(access_dialogs(), SizeIs(1)) << frontend_logs();
}

// A dialog that ends without an answer (response 2) is not remembered: the next request asks.
TEST_F(Clipboard, NoAnswerIsNotRemembered) {
    start_with_access_answer(2);
    ASSERT_FALSE(HasFatalFailure());
    const KeyValues answer = sandboxed_request(1);
    EXPECT_EQ(value_of(answer, "response"), "2");
    EXPECT_EQ(value_of(answer, "granted"), "false");
    write_backend_script("[Access]\nresponse=0\n");
    EXPECT_EQ(value_of(sandboxed_request(0), "granted"), "true");
    EXPECT_THAT(access_dialogs(), SizeIs(2)) << frontend_logs();
}

TEST_F(Clipboard, PermissionShowListsTheGrant) {
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    sandboxed_request(0);
    CommandResult shown = sandbox_cli({"permission-show", kAppId});
    ASSERT_EQ(shown.status, 0) << shown.err;
    EXPECT_THAT(shown.out, HasSubstr(std::string("clipboard\tclipboard\t") + kAppId + "\tyes"));
}

TEST_F(Clipboard, PermissionResetMakesThePortalAskAgain) {
    start_with_access_answer(0);
    ASSERT_FALSE(HasFatalFailure());
    sandboxed_request(0);
    CommandResult reset = sandbox_cli({"permission-reset", kAppId});
    ASSERT_EQ(reset.status, 0) << reset.err;
    EXPECT_THAT(sandbox_cli({"permission-show", kAppId}).out, Not(HasSubstr("clipboard")));

    // The running portal keeps no copy: the app is not allowed until it asks again.
    EXPECT_EQ(sandboxed_client({"clipboard-mime-types"}).status, kRefused);
    write_backend_script("[Access]\nresponse=1\n");
    EXPECT_EQ(value_of(sandboxed_request(kRefused), "granted"), "false");
    EXPECT_THAT(access_dialogs(), SizeIs(2)) << frontend_logs();
}

TEST_F(Clipboard, HostIsGrantedWithoutAsking) {
    start_with_access_answer(1);
    ASSERT_FALSE(HasFatalFailure());
    CommandResult request = host_client({"clipboard-request"});
    ASSERT_EQ(request.status, 0) << request.out << request.err << frontend_logs();
    EXPECT_EQ(value_of(parse_key_values(request.out), "granted"), "true");
    CommandResult written = host_client({"clipboard-write", "text/plain", "from a host app"});
    ASSERT_EQ(written.status, 0) << written.err << frontend_logs();
    EXPECT_EQ(host_xclip({"-o"}).out, "from a host app");
    EXPECT_THAT(access_dialogs(), IsEmpty());
}

}  // namespace
}  // namespace sandbox::test

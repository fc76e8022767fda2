// OpenURI.OpenFile from a sandboxed app (SECURITY-CATALOG S37): a file that could run is never
// run and always goes through the chooser, and the chooser's answer is remembered per app and
// type until it was given often enough not to ask again.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "portal/support/portal_test.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr const char* kChooseApplication =
    "org.freedesktop.impl.portal.AppChooser.ChooseApplication";

class OpenFile : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        record_ = scratch() / "opened";
    }

    // A handler for `types` that records the URIs it is started with.
    void add_handler(const std::string& id, const std::string& types) {
        const fs::path program = scratch() / ("handler-" + id);
        write_file(program,
                   "#!/bin/sh\nfor uri; do printf '%s %s\\n' " + id + " \"$uri\" >>'" +
                       record_.string() + "'; done\n",
                   kExecutableMode);
        write_file(applications_dir() / (id + ".desktop"),
                   "[Desktop Entry]\nType=Application\nName=" + id + "\nExec=" + program.string() +
                       " %u\nMimeType=" + types + "\n",
                   kReadableMode);
        // As a desktop's package manager does: GIO finds handlers of a type through this index.
        CommandResult indexed =
            run_command({"update-desktop-database", applications_dir().string()});
        ASSERT_EQ(indexed.status, 0) << indexed.err;
    }

    // The person chose `handler` for `type` in this app often enough not to be asked again (as
    // the portal records it; set through the permission store, as a host program may).
    void remember_choice(const std::string& type, const std::string& handler) {
        CommandOptions options;
        options.environment = session_environment();
        CommandResult set = run_command(
            {"gdbus", "call", "--session", "--dest", "org.freedesktop.impl.portal.PermissionStore",
             "--object-path", "/org/freedesktop/impl/portal/PermissionStore", "--method",
             "org.freedesktop.impl.portal.PermissionStore.SetPermission", "desktop-used-apps",
             "true", type, "org.test.Hello", "['" + handler + "', '5', '3']"},
            options);
        ASSERT_EQ(set.status, 0) << set.err << frontend_logs();
    }

    // A file in the app's own data directory, which the app sees at the same path.
    fs::path app_file(const std::string& name, const std::string& content, fs::perms mode) {
        const fs::path path = app_dir() / name;
        write_file(path, content, mode);
        return path;
    }

    std::vector<std::string> opened(std::size_t count) {
        std::vector<std::string> lines;
        for (int attempt = 0; attempt < 200; ++attempt) {
            lines = lines_of(file_or_empty(record_));
            if (lines.size() >= count) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return lines;
    }

    static std::string file_or_empty(const fs::path& path) {
        std::ifstream file(path);
        std::ostringstream text;
        text << file.rdbuf();
        return text.str();
    }

    static std::vector<std::string> lines_of(const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream stream(text);
        for (std::string line; std::getline(stream, line);) lines.push_back(line);
        return lines;
    }

    fs::path record_;
};

TEST_F(OpenFile, AnExecutableScriptAlwaysAsksAndIsNeverRun) {
    add_handler("viewer", "application/x-shellscript;text/plain;");
    write_backend_script("[AppChooser]\nchoice=viewer\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    remember_choice("application/x-shellscript", "viewer");
    const fs::path ran = scratch() / "the-script-ran";
    const fs::path script =
        app_file("tool.sh", "#!/bin/sh\ntouch '" + ran.string() + "'\n", kExecutableMode);

    CommandResult result = sandboxed_client({"open-uri", script.string()});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    // A choice remembered often enough, which would be used without asking: a runnable file asks.
    std::vector<BackendCall> asked = backend_calls(kChooseApplication);
    ASSERT_THAT(asked, SizeIs(1)) << frontend_logs();
    EXPECT_EQ(asked.front().field("app_id"), "org.test.Hello");
    EXPECT_THAT(asked.front().field("options"), HasSubstr("application/x-shellscript"));
    EXPECT_THAT(opened(1), ElementsAre("viewer file://" + script.string()));
    EXPECT_FALSE(fs::exists(ran)) << "the portal ran the script";
}

TEST_F(OpenFile, ADesktopFileIsALauncherAndAlwaysAsks) {
    add_handler("viewer", "application/x-desktop;text/plain;");
    write_backend_script("[AppChooser]\nresponse=1\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    remember_choice("application/x-desktop", "viewer");
    const fs::path launcher = app_file(
        "evil.desktop", "[Desktop Entry]\nType=Application\nName=x\nExec=touch /tmp/pwned\n",
        kReadableMode);

    CommandResult result = sandboxed_client({"open-uri", launcher.string()});
    EXPECT_NE(result.status, 0) << "the person cancelled the chooser";
    EXPECT_THAT(backend_calls(kChooseApplication), SizeIs(1)) << frontend_logs();
    EXPECT_THAT(lines_of(file_or_empty(record_)), SizeIs(0));
}

TEST_F(OpenFile, TheSameChoiceThreeTimesIsRememberedForThatApp) {
    add_handler("editor-a", "text/plain;");
    add_handler("editor-b", "text/plain;");
    write_backend_script("[AppChooser]\nchoice=editor-b\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path notes = app_file("notes.txt", "some notes\n", kReadableMode);

    for (int time = 1; time <= 3; ++time) {
        CommandResult result = sandboxed_client({"open-uri", notes.string()});
        ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
        EXPECT_THAT(backend_calls(kChooseApplication), SizeIs(time));
    }
    CommandResult fourth = sandboxed_client({"open-uri", notes.string()});
    ASSERT_EQ(fourth.status, 0) << fourth.err << frontend_logs();
    EXPECT_THAT(backend_calls(kChooseApplication), SizeIs(3)) << "asked a fourth time";
    std::vector<std::string> lines = opened(4);
    ASSERT_THAT(lines, SizeIs(4));
    for (const std::string& line : lines) EXPECT_EQ(line, "editor-b file://" + notes.string());

    // Remembered in the permission store, where the person sees and resets it.
    CommandResult shown =
        sandbox({"permission-show", "org.test.Hello"}, {"XDG_DATA_HOME=" + data_home().string()});
    EXPECT_THAT(shown.out, HasSubstr("desktop-used-apps"));
    EXPECT_THAT(shown.out, HasSubstr("editor-b"));
}

}  // namespace
}  // namespace sandbox::test

namespace sandbox::test {
namespace {

// A Windows program (an MZ header) is a file that could run whatever it is called: asked for
// every time, remembered choice or not (SECURITY-CATALOG S37).
TEST_F(OpenFile, AnMzHeaderFileAlwaysAsks) {
    add_handler("viewer", "application/x-ms-dos-executable;");
    write_backend_script("[AppChooser]\nchoice=viewer\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    remember_choice("application/x-ms-dos-executable", "viewer");
    std::string program = "MZ\x90";
    program.append(61, '\0');
    program += "PE";
    program.append(100, '\0');
    // No extension and no exec bit: only its content says what it is.
    const fs::path setup = app_file("setup", program, kReadableMode);

    CommandResult result = sandboxed_client({"open-uri", setup.string()});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    std::vector<BackendCall> asked = backend_calls(kChooseApplication);
    ASSERT_THAT(asked, SizeIs(1)) << "a remembered choice was used for a program";
    EXPECT_THAT(asked.front().field("options"), HasSubstr("application/x-ms-dos-executable"));
    EXPECT_THAT(opened(1), ElementsAre("viewer file://" + setup.string()));
}

// OpenURI.OpenFile's `writable` must be the fd's access, no more and no less, for a sandboxed
// caller (S37): the raw D-Bus client inside the sandbox sends the fds it opened itself.
class OpenFileAccess : public OpenFile {
  protected:
    static void SetUpTestSuite() {
        set_up_suite({"gdbus", SANDBOX_TEST_PORTAL_CLIENT, SANDBOX_TEST_GTK_CHOOSER,
                      SANDBOX_TEST_RAW_CLIENT});
        run_or_throw({"/bin/bash", SANDBOX_TEST_GTK_RUNTIME_SCRIPT,
                      files_dir("runtime", kRuntimeId, kRuntimeCommit).string()});
    }

    // OpenURI.OpenFile with the fd `spec` (raw client: read:PATH, rw:PATH) and `writable`, from
    // inside `sandbox run`; the D-Bus error, or "" when the request was accepted.
    std::string open_file_error(const std::string& fd_spec, bool writable) {
        const std::vector<std::string> argv{
            "run",
            "--installation=" + installation_dir().string(),
            "--command=portal-raw-client",
            kAppId,
            "--fd=" + fd_spec,
            "org.freedesktop.portal.Desktop",
            "/org/freedesktop/portal/desktop",
            "org.freedesktop.portal.OpenURI",
            "OpenFile",
            "sha{sv}",
            "",
            "0",
            std::string("writable=b:") + (writable ? "true" : "false")};
        CommandOptions options;
        options.environment = session_environment();
        options.timeout = 120s;
        CommandResult result = run_command(sandbox_command(argv), options);
        // The client's status is 1 for an error reply: the reply itself is what counts.
        const std::size_t reply_start = result.out.find("---\n");
        if (reply_start == std::string::npos) return "no reply: " + result.out + result.err;
        const KeyValues reply = parse_key_values(result.out.substr(reply_start + 4));
        return value_of(reply, "error").value_or("");
    }
};

TEST_F(OpenFileAccess, WritableMustMatchTheFdsAccess) {
    add_handler("editor", "text/plain;");
    write_backend_script("[AppChooser]\nchoice=editor\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path notes = app_file("notes.txt", "some notes\n", kReadableMode);
    const std::string not_allowed = "org.freedesktop.portal.Error.NotAllowed";

    EXPECT_EQ(open_file_error("read:" + notes.string(), true), not_allowed)
        << "writable asked with a read-only fd" << frontend_logs();
    EXPECT_EQ(open_file_error("rw:" + notes.string(), false), not_allowed)
        << "a writable fd without the writable option" << frontend_logs();
    EXPECT_THAT(backend_calls(kChooseApplication), SizeIs(0)) << "refused before anyone was asked";
    EXPECT_THAT(lines_of(file_or_empty(record_)), SizeIs(0));

    // Matching access is accepted (the controls).
    EXPECT_EQ(open_file_error("read:" + notes.string(), false), "") << frontend_logs();
    EXPECT_EQ(open_file_error("rw:" + notes.string(), true), "") << frontend_logs();
    EXPECT_EQ(read_file(notes), "some notes\n");
}

}  // namespace
}  // namespace sandbox::test

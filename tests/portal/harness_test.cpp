// The portal test harness proving itself (tests/portal/README.md): the scripted backend, the
// clients and the fixture's session driven through Debian's xdg-desktop-portal, and the same
// tests through ours. Host-app tests run with either frontend; the sandboxed-app tests are for
// sandbox-portal (Debian's 1.16 hands sandboxes paths of the host's runtime dir) and skip until
// this build has it.
#include <gmock/gmock.h>

#include <filesystem>

#include "portal/support/portal_test.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

constexpr const char* kOpenFile = "org.freedesktop.impl.portal.FileChooser.OpenFile";
constexpr const char* kSaveFile = "org.freedesktop.impl.portal.FileChooser.SaveFile";
constexpr const char* kChooseApplication =
    "org.freedesktop.impl.portal.AppChooser.ChooseApplication";
constexpr const char* kClose = "org.freedesktop.impl.portal.Request.Close";
constexpr const char* kFirstLine = "the first line";
constexpr const char* kWriteMarker = "portal-client was here";
constexpr int kCancelled = 2;

std::string uri_of(const fs::path& path) {
    return "file://" + path.string();
}

class PortalHarness : public PortalTest, public ::testing::WithParamInterface<Frontend> {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        if (const std::string why = unavailable(GetParam()); !why.empty()) GTEST_SKIP() << why;
    }

    // A file of the user's on the host, holding kFirstLine and a second line.
    fs::path host_file(const std::string& name) {
        const fs::path path = home() / "Documents" / name;
        write_file(path, std::string(kFirstLine) + "\nand a second\n", kReadableMode);
        return path;
    }

    void start() {
        start_portal(GetParam());
        ASSERT_FALSE(HasFailure());
    }

    // The one call of `member` the backend got.
    BackendCall only_call(const std::string& member) {
        std::vector<BackendCall> calls = backend_calls(member);
        EXPECT_THAT(calls, SizeIs(1)) << frontend_logs();
        return calls.empty() ? BackendCall{} : calls.front();
    }
};

std::string frontend_name(const ::testing::TestParamInfo<Frontend>& info) {
    return info.param == Frontend::Ours ? "Ours" : "Debian";
}

using HostApp = PortalHarness;

TEST_P(HostApp, OpenFileReturnsTheBackendsUris) {
    const fs::path first = host_file("first.txt");
    const fs::path second = host_file("second.txt");
    write_backend_script("[FileChooser]\nuris=" + uri_of(first) + ";" + uri_of(second) +
                         ";\nwritable=true\n");
    start();
    CommandResult result = host_client({"open-file", "--multiple", "--title=Pick two"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_EQ(value_of(seen, "uris"), uri_of(first) + " " + uri_of(second));
    // A host app gets the paths themselves, read-write.
    EXPECT_THAT(values_of(seen, "path"), ElementsAre(first.string(), second.string()));
    EXPECT_THAT(values_of(seen, "read"), ElementsAre(kFirstLine, kFirstLine));
    EXPECT_THAT(values_of(seen, "write"), ElementsAre("ok", "ok"));
    EXPECT_THAT(read_file(first), HasSubstr(kWriteMarker));

    const BackendCall call = only_call(kOpenFile);
    EXPECT_EQ(call.field("app_id"), "");  // a host app
    EXPECT_EQ(call.field("title"), "Pick two");
    EXPECT_THAT(call.field("handle"), StartsWith("/org/freedesktop/portal/desktop/request/"));
    EXPECT_THAT(call.field("options"), HasSubstr("'multiple': <true>"));
    // The frontend keeps the token to itself.
    EXPECT_THAT(call.field("options"), Not(HasSubstr("handle_token")));
}

TEST_P(HostApp, SaveFileWritesWhereTheBackendChose) {
    const fs::path chosen = home() / "Documents" / "chosen-name.txt";
    fs::create_directories(chosen.parent_path());
    write_backend_script("[FileChooser]\nuris=" + uri_of(chosen) + ";\n");
    start();
    CommandResult result = host_client({"save-file", "suggested.txt", "saved by the app"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_EQ(value_of(seen, "uri"), uri_of(chosen));
    EXPECT_EQ(value_of(seen, "path"), chosen.string());
    EXPECT_EQ(read_file(chosen), "saved by the app");

    const BackendCall call = only_call(kSaveFile);
    EXPECT_THAT(call.field("options"), HasSubstr("'current_name': <'suggested.txt'>"));
}

TEST_P(HostApp, OpenUriReachesTheDefaultHandler) {
    start();
    CommandResult result = host_client({"open-uri", "https://example.org/x"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_EQ(value_of(parse_key_values(result.out), "result"), "ok");
    EXPECT_THAT(recorded_uris(), ElementsAre("https://example.org/x")) << frontend_logs();
}

// With `ask` the frontend lets the backend's app chooser pick, and launches its choice.
TEST_P(HostApp, OpenUriWithAskLaunchesTheAppChoosersChoice) {
    write_backend_script("[AppChooser]\nchoice=uri-recorder\n");
    start();
    CommandResult result = host_client({"open-uri", "--ask", "https://example.org/asked"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(recorded_uris(), ElementsAre("https://example.org/asked"));
    const BackendCall call = only_call(kChooseApplication);
    EXPECT_THAT(call.field("choices"), HasSubstr("'uri-recorder'"));
}

TEST_P(HostApp, CloseEndsThePendingRequestAtTheBackend) {
    write_backend_script("[FileChooser]\ndelay=60000\nuris=" + uri_of(host_file("late.txt")) +
                         ";\n");
    start();
    CommandResult result = host_client({"open-file", "--cancel-after=500"});
    EXPECT_EQ(result.status, kCancelled) << result.out << result.err;
    const BackendCall opened = only_call(kOpenFile);
    const std::vector<BackendCall> closed = wait_for_backend_calls(kClose, 1);
    ASSERT_THAT(closed, SizeIs(1)) << frontend_logs();
    EXPECT_EQ(closed.front().field("handle"), opened.field("handle"));
}

TEST_P(HostApp, CancelledDialogIsCancelledForTheApp) {
    write_backend_script("[FileChooser]\nresponse=1\n");
    start();
    CommandResult result = host_client({"open-file"});
    EXPECT_EQ(result.status, kCancelled) << result.out << result.err;
    EXPECT_EQ(result.out, "");
}

TEST_P(HostApp, GtkFileChooserNativeUsesThePortal) {
    if (!start_display()) {
        if (!display()->skip_reason().empty()) GTEST_SKIP() << display()->skip_reason();
        return;
    }
    const fs::path file = host_file("for-gtk.txt");
    write_backend_script("[FileChooser]\nuris=" + uri_of(file) + ";\n");
    start();
    CommandResult result = host_gtk_chooser("Choose for GTK");
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_EQ(value_of(seen, "path"), file.string());
    EXPECT_EQ(value_of(seen, "read"), kFirstLine);
    EXPECT_EQ(only_call(kOpenFile).field("title"), "Choose for GTK");
}

// The frontend knows a sandboxed caller by the /.flatpak-info `sandbox run` gives it (and its
// D-Bus proxy), and tells the backend.
TEST_P(HostApp, SandboxedCallerIsNamedToTheBackend) {
    write_backend_script("[FileChooser]\nresponse=1\n");
    start();
    sandboxed_client({"open-file"});
    EXPECT_EQ(only_call(kOpenFile).field("app_id"), kAppId) << frontend_logs();
}

INSTANTIATE_TEST_SUITE_P(Frontends, HostApp, ::testing::Values(Frontend::Debian, Frontend::Ours),
                         frontend_name);

// Apps inside `sandbox run` and our portal: what they get are documents under /run/user/UID/doc.
class SandboxedApp : public PortalHarness {
  protected:
    [[nodiscard]] std::string documents_inside() const {
        return "file://" + runtime_dir_inside() + "/doc/";
    }
};

TEST_P(SandboxedApp, OpenFileGivesAReadOnlyDocument) {
    const fs::path file = host_file("read-only.txt");
    write_backend_script("[FileChooser]\nuris=" + uri_of(file) + ";\nwritable=false\n");
    start();
    CommandResult result = sandboxed_client({"open-file"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_THAT(value_of(seen, "uris").value_or(""), StartsWith(documents_inside()));
    EXPECT_THAT(value_of(seen, "uris").value_or(""), ::testing::EndsWith("/read-only.txt"));
    EXPECT_EQ(value_of(seen, "read"), kFirstLine);
    EXPECT_NE(value_of(seen, "write"), "ok");
    EXPECT_THAT(read_file(file), Not(HasSubstr(kWriteMarker)));
    EXPECT_EQ(only_call(kOpenFile).field("app_id"), kAppId);
}

TEST_P(SandboxedApp, OpenFileGivesAWritableDocumentWhenTheBackendSaysSo) {
    const fs::path file = host_file("writable.txt");
    write_backend_script("[FileChooser]\nuris=" + uri_of(file) + ";\nwritable=true\n");
    start();
    CommandResult result = sandboxed_client({"open-file"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_THAT(value_of(seen, "uris").value_or(""), StartsWith(documents_inside()));
    EXPECT_EQ(value_of(seen, "read"), kFirstLine);
    EXPECT_EQ(value_of(seen, "write"), "ok");
    EXPECT_THAT(read_file(file), HasSubstr(kWriteMarker));
}

TEST_P(SandboxedApp, SaveFileCreatesTheFileOnTheHost) {
    const fs::path chosen = home() / "Documents" / "from-the-sandbox.txt";
    fs::create_directories(chosen.parent_path());
    write_backend_script("[FileChooser]\nuris=" + uri_of(chosen) + ";\n");
    start();
    CommandResult result = sandboxed_client({"save-file", "suggested.txt", "saved in the sandbox"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(value_of(parse_key_values(result.out), "uri").value_or(""),
                StartsWith(documents_inside()));
    EXPECT_EQ(read_file(chosen), "saved in the sandbox");
    EXPECT_EQ(only_call(kSaveFile).field("app_id"), kAppId);
}

TEST_P(SandboxedApp, OpenUriReachesTheDefaultHandler) {
    start();
    CommandResult result = sandboxed_client({"open-uri", "https://example.org/from-the-sandbox"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(recorded_uris(), ElementsAre("https://example.org/from-the-sandbox"));
}

TEST_P(SandboxedApp, GtkFileChooserNativeGoesThroughThePortal) {
    if (!start_display()) {
        if (!display()->skip_reason().empty()) GTEST_SKIP() << display()->skip_reason();
        return;
    }
    const fs::path file = host_file("for-gtk.txt");
    write_backend_script("[FileChooser]\nuris=" + uri_of(file) + ";\n");
    start();
    CommandResult result = sandboxed_gtk_chooser("Choose in the sandbox");
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const KeyValues seen = parse_key_values(result.out);
    EXPECT_THAT(value_of(seen, "uri").value_or(""), StartsWith(documents_inside()));
    EXPECT_EQ(value_of(seen, "read"), kFirstLine);
    const BackendCall call = only_call(kOpenFile);
    EXPECT_EQ(call.field("title"), "Choose in the sandbox");
    EXPECT_EQ(call.field("app_id"), kAppId);
}

INSTANTIATE_TEST_SUITE_P(Frontends, SandboxedApp, ::testing::Values(Frontend::Ours), frontend_name);

}  // namespace
}  // namespace sandbox::test

// Saving a document the way editors do, from inside `sandbox run`, through the whole portal: the
// app is given a writable document by FileChooser.OpenFile, then a shell in the sandbox writes a
// temporary file beside it and renames it over the document (twice: the second save proves the
// store followed the replaced file). Built from tests/portal's harness (tests/portal/README.md).

#include <gmock/gmock.h>

#include <filesystem>
#include <string>

#include "portal/support/portal_test.hpp"
#include "support/command.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

class SandboxedSave : public PortalTest {
  protected:
    // PortalTest's runtime, plus the coreutils a shell saving a file needs.
    static void SetUpTestSuite() {
        set_up_suite(
            {"gdbus", SANDBOX_TEST_PORTAL_CLIENT, SANDBOX_TEST_GTK_CHOOSER, "mv", "cat", "ls"});
        run_or_throw({"/bin/bash", SANDBOX_TEST_GTK_RUNTIME_SCRIPT,
                      files_dir("runtime", kRuntimeId, kRuntimeCommit).string()});
    }
    void SetUp() override {
        PortalTest::SetUp();
        if (const std::string why = unavailable(Frontend::Ours); !why.empty()) GTEST_SKIP() << why;
    }
    // sh -c SCRIPT inside the app's sandbox.
    CommandResult sandboxed_shell(const std::string& script) {
        CommandOptions options;
        options.environment = session_environment();
        return run_command(sandbox_command({"run", "--installation=" + installation_dir().string(),
                                            "--command=sh", kAppId, "-c", script}),
                           options);
    }
};

TEST_F(SandboxedSave, ATemporaryFileRenamedOverTheDocumentReplacesTheHostFile) {
    const fs::path file = home() / "Documents" / "note.txt";
    write_file(file, "old\n", kReadableMode);
    write_backend_script("[FileChooser]\nuris=file://" + file.string() + ";\nwritable=true\n");
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    CommandResult chosen = sandboxed_client({"open-file"});
    ASSERT_EQ(chosen.status, 0) << chosen.err << frontend_logs();
    const std::string uri = value_of(parse_key_values(chosen.out), "uris").value_or("");
    const std::string prefix = "file://" + runtime_dir_inside() + "/doc/";
    ASSERT_EQ(uri.rfind(prefix, 0), 0u) << uri;
    const std::string inside = fs::path(uri.substr(7)).parent_path().string();

    CommandResult saved = sandboxed_shell(
        "cd '" + inside +
        "' && printf 'saved once' > note.txt.tmp && mv note.txt.tmp note.txt && cat note.txt && "
        "echo && printf 'saved twice' > .goutputstream-ABC123 && mv .goutputstream-ABC123 note.txt "
        "&& cat note.txt && echo && ls -A");
    ASSERT_EQ(saved.status, 0) << saved.out << saved.err << frontend_logs();
    EXPECT_EQ(saved.out, "saved once\nsaved twice\nnote.txt\n");
    EXPECT_EQ(read_file(file), "saved twice");
    std::vector<std::string> host_names;
    for (const auto& entry : fs::directory_iterator(file.parent_path()))
        host_names.push_back(entry.path().filename().string());
    EXPECT_THAT(host_names, ::testing::ElementsAre("note.txt"));
}

}  // namespace
}  // namespace sandbox::test

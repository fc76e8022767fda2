// `sandbox run --file-forwarding ID @@ FILE… @@ / @@u URI… @@` (docs/RUN.md, "File forwarding"):
// host files handed to the app through the document portal, activated on the test's bus. The app
// is bash from the suite's runtime, printing each argument it got and what it could do with it.
#include <gmock/gmock.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "portal/support/portal_test.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// For each argument: "arg=ARG", then "read=CONTENT" (a directory: its inner.txt) or "unreadable",
// then "wrote" or "nowrite" after trying to append " +app".
constexpr const char* kReport = R"(for a; do
  printf 'arg=%s\n' "$a"
  f=$a; [ -d "$a" ] && f=$a/inner.txt
  if c=$(cat -- "$f" 2>/dev/null); then printf 'read=%s\n' "$c"; else echo unreadable; fi
  if [ -d "$a" ]; then continue; fi
  if (printf ' +app' >>"$a") 2>/dev/null; then echo wrote; else echo nowrite; fi
done)";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

class Forwarding : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        files_ = home() / "Documents";
        fs::create_directories(files_);
    }

    // sandbox run --file-forwarding … --command=bash org.test.Hello -c REPORT sh ARGS…
    CommandResult run_app(const std::vector<std::string>& args,
                          const std::vector<std::string>& options = {"--file-forwarding"},
                          std::optional<std::vector<std::string>> environment = std::nullopt) {
        std::vector<std::string> argv{"run", "--installation=" + installation_dir().string()};
        argv.insert(argv.end(), options.begin(), options.end());
        argv.insert(argv.end(), {"--command=bash", kAppId, "-c", kReport, "sh"});
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions command;
        command.environment = environment.value_or(session_environment());
        command.timeout = 60s;
        return run_command(sandbox_command(argv), command);
    }

    fs::path host_file(const std::string& name, const std::string& content,
                       fs::perms mode = kReadableMode) {
        const fs::path path = files_ / name;
        write_file(path, content, mode);
        return path;
    }

    // /run/user/UID/doc/DOCID/NAME
    static std::string document_pattern(const std::string& name) {
        return runtime_dir_inside() + "/doc/[a-zA-Z0-9_-]+/" + name;
    }

    fs::path files_;
};

TEST_F(Forwarding, AFileReachesTheAppThroughTheDocumentStore) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path notes =
        host_file("notes.txt", "some notes", fs::perms::owner_read | fs::perms::owner_write);

    CommandResult result = run_app({"--first", "@@", notes.string(), "@@", "--last"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const std::vector<std::string> lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), 9u) << result.out;
    EXPECT_EQ(lines[0], "arg=--first");
    EXPECT_THAT(lines[3], MatchesRegex("arg=" + document_pattern("notes\\.txt")));
    EXPECT_EQ(lines[4], "read=some notes");
    EXPECT_EQ(lines[5], "wrote");
    EXPECT_EQ(lines[6], "arg=--last");
    EXPECT_EQ(read_file(notes), "some notes +app") << "the app wrote through the store";
    EXPECT_THAT(result.err, Not(HasSubstr("warning"))) << result.err;
}

TEST_F(Forwarding, AFileTheUserCannotWriteIsReadOnly) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path fixed = host_file("fixed.txt", "read me", fs::perms::owner_read);

    CommandResult result = run_app({"@@", fixed.string(), "@@"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(lines_of(result.out),
                ElementsAre(MatchesRegex("arg=" + document_pattern("fixed\\.txt")), "read=read me",
                            "nowrite"));
    EXPECT_EQ(read_file(fixed), "read me");
}

TEST_F(Forwarding, UrisOfFilesBecomeDocumentUrisOthersPassUnchanged) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path spaced = host_file("a b.txt", "spaced");
    const std::string uri = "file://" + (files_ / "a%20b.txt").string();

    CommandResult result = run_app({"@@u", uri, "https://example.org/x?y=1", "mailto:a@example.org",
                                    "@@", "@@", spaced.string(), "@@"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const std::vector<std::string> lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), 12u) << result.out;
    std::smatch forwarded;
    ASSERT_TRUE(std::regex_match(
        lines[0], forwarded,
        std::regex("arg=file://" + runtime_dir_inside() + "/doc/([a-zA-Z0-9_-]+)/a%20b\\.txt")))
        << lines[0];
    EXPECT_EQ(lines[3], "arg=https://example.org/x?y=1");
    EXPECT_EQ(lines[6], "arg=mailto:a@example.org");
    // The same file as a path: the same document (reuse_existing), readable there.
    EXPECT_EQ(lines[9], "arg=" + runtime_dir_inside() + "/doc/" + forwarded[1].str() + "/a b.txt");
    EXPECT_EQ(lines[10], "read=spaced");
}

TEST_F(Forwarding, AFileTheAppAlreadySeesIsPassedAsItIs) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path own = app_dir() / "data" / "own.txt";
    write_file(own, "mine", kReadableMode);
    const fs::path granted = host_file("granted.txt", "granted");

    CommandResult result =
        run_app({"@@", own.string(), granted.string(), "@@"},
                {"--file-forwarding", "--filesystem=" + files_.string() + ":ro"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(lines_of(result.out),
                ElementsAre("arg=" + own.string(), "read=mine", "wrote", "arg=" + granted.string(),
                            "read=granted", "nowrite"));
}

TEST_F(Forwarding, ALinkForwardsTheFileItNames) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    host_file("target.txt", "the target");
    const fs::path link = files_ / "link.txt";
    fs::create_symlink("target.txt", link);

    CommandResult result = run_app({"@@", link.string(), "@@"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    const std::vector<std::string> lines = lines_of(result.out);
    ASSERT_GE(lines.size(), 2u) << result.out;
    EXPECT_THAT(lines[0], MatchesRegex("arg=" + document_pattern("target\\.txt")));
    EXPECT_EQ(lines[1], "read=the target");
}

TEST_F(Forwarding, ADirectoryIsForwardedWhole) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path folder = files_ / "folder";
    fs::create_directories(folder);
    write_file(folder / "inner.txt", "inside", kReadableMode);

    CommandResult result = run_app({"@@", folder.string(), "@@"});
    ASSERT_EQ(result.status, 0) << result.err << frontend_logs();
    EXPECT_THAT(lines_of(result.out),
                ElementsAre(MatchesRegex("arg=" + document_pattern("folder")), "read=inside"));
}

TEST_F(Forwarding, WithoutAPortalThePathIsPassedWithOneWarning) {
    // A session bus where nothing provides the document portal.
    const fs::path bus_dir = scratch() / "bare-bus";
    fs::create_directories(bus_dir);
    std::unique_ptr<PrivateBus> bare = PrivateBus::start_session(bus_dir);
    ASSERT_TRUE(bare);
    std::vector<std::string> environment = session_environment();
    for (std::string& entry : environment)
        if (entry.starts_with("DBUS_SESSION_BUS_ADDRESS="))
            entry = "DBUS_SESSION_BUS_ADDRESS=" + bare->address();
    const fs::path notes = host_file("notes.txt", "some notes");

    CommandResult result =
        run_app({"@@", notes.string(), "--option-like", "@@"}, {"--file-forwarding"}, environment);
    ASSERT_EQ(result.status, 0) << result.err;
    const std::vector<std::string> lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), 6u) << result.out;
    EXPECT_EQ(lines[0], "arg=" + notes.string());
    EXPECT_EQ(lines[1], "unreadable");
    // Not a file here either: passed, but never as an option.
    EXPECT_EQ(lines[3], "arg=./--option-like");
    std::vector<std::string> warnings;
    for (const std::string& line : lines_of(result.err))
        if (line.find("Can't forward") != std::string::npos) warnings.push_back(line);
    // One each, in no particular order (the portal's answers come after what failed here).
    EXPECT_THAT(
        warnings,
        UnorderedElementsAre(
            StartsWith("sandbox: warning: Can't forward " + notes.string() + " to the app ("),
            StartsWith("sandbox: warning: Can't forward --option-like to the app (")))
        << result.err;
}

TEST_F(Forwarding, WithoutTheOptionMarkersAreArguments) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path notes = host_file("notes.txt", "some notes");

    CommandResult result = run_app({"@@", notes.string(), "@@"}, {});
    ASSERT_EQ(result.status, 0) << result.err;
    const std::vector<std::string> lines = lines_of(result.out);
    ASSERT_EQ(lines.size(), 9u) << result.out;
    EXPECT_EQ(lines[0], "arg=@@");
    EXPECT_EQ(lines[3], "arg=" + notes.string());
    EXPECT_EQ(lines[4], "unreadable");
}

TEST_F(Forwarding, AnUnterminatedListIsRefusedBeforeAnythingRuns) {
    start_portal(Frontend::Ours);
    ASSERT_FALSE(HasFailure());
    const fs::path notes = host_file("notes.txt", "some notes");

    CommandResult result = run_app({"@@", notes.string()});
    EXPECT_NE(result.status, 0);
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, ContainsRegex("^sandbox: .*@@ without its closing @@"));
    EXPECT_EQ(lines_of(result.err).size(), 1u) << result.err;
}

}  // namespace
}  // namespace sandbox::test

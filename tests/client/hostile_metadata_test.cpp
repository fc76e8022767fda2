// Metadata as a hostile or newer publisher writes it, through flatpak build-export: keys this
// version does not know install and run with a warning; NUL bytes and terminal escape sequences
// are one harmless line, and nothing is installed or run.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHostileId = "org.sandbox.Hostile";

// Anything a terminal could act on: ESC, BEL, a C1 CSI (U+009B), a raw carriage return.
bool holds_terminal_controls(const std::string& text) {
    return text.find_first_of("\x1b\x07\r") != std::string::npos ||
           text.find("\xc2\x9b") != std::string::npos;
}

class HostileMetadataTest : public StoreTest {
  protected:
    // Exports kHostileId with `extra` appended to its metadata; install must fail with one line
    // naming `needle`, print no terminal controls, change nothing and leave nothing to run.
    void expect_refused(const std::string& extra, const std::string& needle) {
        repo().export_app(kHostileId, "hostile", kRuntimeId, {}, extra);
        auto before = snapshot();
        CommandResult installed = sandbox({"install", "-y", kHostileId});
        EXPECT_TRUE(is_one_error_line(installed, needle)) << installed.out;
        EXPECT_FALSE(holds_terminal_controls(installed.err + installed.out)) << installed.err;
        EXPECT_EQ(snapshot_changes(before, snapshot()), "");
        CommandResult ran = run_app(kHostileId);
        EXPECT_TRUE(is_one_error_line(ran, "not installed"));
        EXPECT_THAT(ran.out, Not(HasSubstr("hostile")));
    }
};

TEST_F(HostileMetadataTest, UnknownKeysWarnButInstallAndRun) {
    repo().export_app(kAppId, "hello from the future", kRuntimeId, {},
                      "[Application]\nfuture-key=1\n"
                      "[Context]\nfuture-permission=yes\ndevices=future-device;\n"
                      "[X-Future Group]\nanything=goes\n");
    add_remote("origin", repo().url());
    CommandResult installed = sandbox({"install", "-y", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    EXPECT_THAT(installed.err, HasSubstr("sandbox: warning: "));
    EXPECT_THAT(installed.err, HasSubstr("future-permission"));

    CommandResult ran = run_app(kAppId);
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.out, "hello from the future\n");
    EXPECT_THAT(ran.err, HasSubstr("warning: "));
    EXPECT_THAT(ran.err, HasSubstr("future-permission"));
}

TEST_F(HostileMetadataTest, NulByteIsOneLineAndNothingIsInstalled) {
    add_remote("origin", repo().url());
    using namespace std::string_literals;
    expect_refused("[Environment]\nSNEAKY=before\0after\n"s, "NUL byte");
}

TEST_F(HostileMetadataTest, EscapeSequencesAreOneHarmlessLineAndNothingIsInstalled) {
    add_remote("origin", repo().url());
    // OSC (retitle the terminal) and CSI (clear the screen, colour) in a permission value.
    expect_refused("[Environment]\nGREETING=\x1b]0;pwned\x07\x1b[2J\x1b[31mred\n",
                   "control character");
    // In a group nobody reads: the file is refused as a whole, as `sandbox run` refuses it.
    expect_refused("[X-Future Group]\nnote=\x1b[2Jcleared\n", "control character");
    // C1 CSI, valid UTF-8 that some terminals obey; and a newline made by GKeyFile's unescaping.
    expect_refused(
        "[Session Bus Policy]\norg.example.Name=talk\xc2\x9b"
        "2J\n",
        "control characters");
    expect_refused("[Environment]\nLINES=one\\ntwo\n", "control characters");
}

TEST_F(HostileMetadataTest, AnUpdateWithEscapesKeepsThePreviousCommitRunning) {
    add_remote("origin", repo().url());
    install(kAppId);
    repo().export_app(kAppId, "hello from v2", kRuntimeId, {},
                      "[Environment]\nGREETING=\x1b]0;pwned\x07\n");
    auto before = snapshot();
    CommandResult updated = sandbox({"update", "-y", kAppId});
    EXPECT_TRUE(is_one_error_line(updated, "control character")) << updated.out;
    EXPECT_FALSE(holds_terminal_controls(updated.err + updated.out));
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
    CommandResult ran = run_app(kAppId);
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.out, "hello from v1\n");
}

// flatpak build-export refuses these, so the commits are made with `ostree commit`.
TEST_F(HostileMetadataTest, DotDotInTheMetadataIsRefused) {
    add_remote("origin", repo().url());
    repo().export_app(kHostileId, "hostile");
    const std::string ref = repo().app_ref(kHostileId);
    const std::string arch = repo().arch();
    auto before = snapshot();
    const std::vector<std::pair<std::string, std::string>> cases{
        {"runtime=../../../../tmp/" + arch + "/stable", "has no valid runtime"},
        {"runtime=org.sandbox.Platform/" + arch + "/..", "has no valid runtime"},
        {"runtime=org.sandbox.Platform/../stable", "has no valid runtime"},
    };
    for (const auto& [runtime, needle] : cases) {
        repo().replace_metadata(
            ref, "[Application]\nname=" + std::string(kHostileId) + "\n" + runtime + "\n");
        CommandResult installed = sandbox({"install", "-y", kHostileId});
        EXPECT_TRUE(is_one_error_line(installed, needle)) << runtime << ": " << installed.out;
        EXPECT_EQ(snapshot_changes(before, snapshot()), "") << runtime;
    }
    repo().replace_metadata(ref, "[Application]\nname=../../org.sandbox.Hostile\nruntime=" +
                                     std::string(kRuntimeId) + "/" + arch + "/stable\n");
    CommandResult installed = sandbox({"install", "-y", kHostileId});
    EXPECT_TRUE(is_one_error_line(installed, "names an invalid ID '../../org.sandbox.Hostile'"))
        << installed.out;
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

TEST_F(HostileMetadataTest, ALoneC1ByteInAnArgumentIsShownHarmlessly) {
    CommandResult installed = sandbox({"install", "-y",
                                       "org.\x9b"
                                       "2J.App"});
    EXPECT_TRUE(is_one_error_line(installed, "Invalid ID org.?2J.App"));
    EXPECT_EQ(installed.err.find('\x9b'), std::string::npos);
}

TEST_F(HostileMetadataTest, DotDotInWhatRunNamesIsRefused) {
    add_remote("origin", repo().url());
    install(kAppId);
    auto before = snapshot();
    const std::vector<std::vector<std::string>> attempts{
        {"run", "../../etc"},
        {"run", "org.sandbox.Hello/../../x"},
        {"run", "org.sandbox.Hello//.."},
        {"run", "--branch=..", kAppId},
        {"run", "--arch=../..", kAppId},
        {"run", "--runtime=../../x", kAppId},
        {"run", "--runtime-version=..", kAppId},
    };
    for (const auto& attempt : attempts) {
        CommandResult ran = sandbox(attempt);
        EXPECT_NE(ran.status, 0) << attempt[1];
        EXPECT_EQ(ran.out, "") << attempt[1];
        EXPECT_TRUE(ran.err.starts_with("sandbox: ") && ran.err.find('\n') == ran.err.size() - 1)
            << attempt[1] << ": " << ran.err;
    }
    EXPECT_EQ(snapshot_changes(before, snapshot()), "");
}

}  // namespace
}  // namespace sandbox::test::store

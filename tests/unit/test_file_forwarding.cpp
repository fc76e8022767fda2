// `sandbox run --file-forwarding`: the @@ lists, file: URIs, the helper's protocol, and which
// files the sandbox already shows (those are passed as they are), as data.

#include <gtest/gtest.h>

#include "sandbox/run/file_forwarding_args.hpp"
#include "sandbox/run/file_forwarding_plan.hpp"
#include "sandbox/run/file_forwarding_protocol.hpp"
#include "sandbox/run/file_forwarding_uri.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::TmpfsMount;

AppArgument plain(const std::string& text) {
    return {text, ArgumentKind::Plain};
}
AppArgument file(const std::string& text) {
    return {text, ArgumentKind::File};
}
AppArgument uri(const std::string& text) {
    return {text, ArgumentKind::Uri};
}

std::vector<AppArgument> parsed(const std::vector<std::string>& args) {
    auto result = parse_forwarding_markers(args);
    EXPECT_TRUE(result.ok()) << result.error().message();
    return result ? *result : std::vector<AppArgument>{};
}

std::string parse_error(const std::vector<std::string>& args) {
    auto result = parse_forwarding_markers(args);
    EXPECT_FALSE(result.ok());
    return result ? std::string() : result.error().message();
}

TEST(ForwardingMarkers, FilesBetweenMarkersTheRestPlain) {
    EXPECT_EQ(parsed({"--new-window", "@@", "/home/u/a.txt", "b.txt", "@@", "--last"}),
              (std::vector<AppArgument>{plain("--new-window"), file("/home/u/a.txt"), file("b.txt"),
                                        plain("--last")}));
}

TEST(ForwardingMarkers, AnEmptyListIsNothing) {
    // A desktop file's `@@ %f @@` opened without a file.
    EXPECT_EQ(parsed({"@@", "@@"}), std::vector<AppArgument>{});
    EXPECT_EQ(parsed({"-x", "@@u", "@@", "-y"}),
              (std::vector<AppArgument>{plain("-x"), plain("-y")}));
}

TEST(ForwardingMarkers, UriListsMixFileAndOtherUris) {
    EXPECT_EQ(
        parsed({"@@u", "file:///home/u/a%20b.txt", "https://example.org/x", "/home/u/c",
                "mailto:someone@example.org", "@@"}),
        (std::vector<AppArgument>{uri("file:///home/u/a%20b.txt"), uri("https://example.org/x"),
                                  uri("/home/u/c"), uri("mailto:someone@example.org")}));
}

TEST(ForwardingMarkers, SeveralListsInOneCommandLine) {
    EXPECT_EQ(parsed({"@@", "a", "@@", "middle", "@@u", "file:///b", "@@"}),
              (std::vector<AppArgument>{file("a"), plain("middle"), uri("file:///b")}));
}

TEST(ForwardingMarkers, OptionsInsideAListAreFiles) {
    EXPECT_EQ(
        parsed({"@@", "--help", "-", "--", "--command=sh", "@@"}),
        (std::vector<AppArgument>{file("--help"), file("-"), file("--"), file("--command=sh")}));
}

TEST(ForwardingMarkers, DoubleDashOutsideAListIsTheAppsArgument) {
    EXPECT_EQ(parsed({"--", "@@", "x", "@@", "--"}),
              (std::vector<AppArgument>{plain("--"), file("x"), plain("--")}));
}

TEST(ForwardingMarkers, MarkersAreWholeArgumentsOnly) {
    EXPECT_EQ(parsed({"@@@", "@", "x@@", "@@U", "@@ "}),
              (std::vector<AppArgument>{plain("@@@"), plain("@"), plain("x@@"), plain("@@U"),
                                        plain("@@ ")}));
}

TEST(ForwardingMarkers, AnUnterminatedListIsOneLineError) {
    const std::string error = parse_error({"@@", "/home/u/a.txt"});
    EXPECT_NE(error.find("@@ without its closing @@"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos);
    EXPECT_NE(parse_error({"x", "@@u", "file:///a"}).find("@@u without its closing @@"),
              std::string::npos);
}

TEST(ForwardingMarkers, AUriMarkerCannotCloseOrNest) {
    const std::string error = parse_error({"@@", "a", "@@u", "b", "@@"});
    EXPECT_NE(error.find("@@u inside a list"), std::string::npos) << error;
    EXPECT_FALSE(parse_forwarding_markers({"@@u", "@@u", "@@"}).ok());
}

TEST(ForwardingMarkers, WithoutForwardingEverythingIsPlain) {
    EXPECT_EQ(plain_arguments({"@@", "a", "@@u"}),
              (std::vector<AppArgument>{plain("@@"), plain("a"), plain("@@u")}));
}

TEST(FileUris, PathsAreDecoded) {
    EXPECT_EQ(path_of_file_uri("file:///home/u/a%20b.txt"), "/home/u/a b.txt");
    EXPECT_EQ(path_of_file_uri("file://localhost/etc/x"), "/etc/x");
    EXPECT_EQ(path_of_file_uri("file:/tmp/x"), "/tmp/x");
    EXPECT_EQ(path_of_file_uri("file:///caf%C3%A9%3f"), "/caf\xC3\xA9?");
}

TEST(FileUris, WhatNamesNoLocalPathIsRefused) {
    EXPECT_EQ(path_of_file_uri("file://otherhost/etc/passwd"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file:///a%2Fb"), std::nullopt);  // '/' inside a name
    EXPECT_EQ(path_of_file_uri("file:///a%00b"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file:///a%zz"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file:///a%4"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file:///a#fragment"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file:relative"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("file://"), std::nullopt);
    EXPECT_EQ(path_of_file_uri("https:///etc/passwd"), std::nullopt);
}

TEST(FileUris, PathsAreEscapedAndComeBack) {
    EXPECT_EQ(file_uri_of_path("/run/user/1000/doc/abc/a b#?%.txt"),
              "file:///run/user/1000/doc/abc/a%20b%23%3F%25.txt");
    const std::string odd = "/x/\xC3\xA9\t\n:@!$&'()*+,;=~-_.";
    EXPECT_EQ(path_of_file_uri(file_uri_of_path(odd)), odd);
}

TEST(ForwardTargets, WhichArgumentsNameHostFiles) {
    using Kind = ForwardTarget::Kind;
    EXPECT_EQ(forward_target(plain("/etc/passwd")), ForwardTarget{});
    EXPECT_EQ(forward_target(file("rel/a.txt")), (ForwardTarget{Kind::Path, "rel/a.txt"}));
    EXPECT_EQ(forward_target(uri("file:///a%20b")), (ForwardTarget{Kind::Path, "/a b"}));
    EXPECT_EQ(forward_target(uri("/abs/c")), (ForwardTarget{Kind::Path, "/abs/c"}));
    EXPECT_EQ(forward_target(uri("https://x")), ForwardTarget{});
    EXPECT_EQ(forward_target(uri("relative")), ForwardTarget{});
    EXPECT_EQ(forward_target(uri("file://host/a")).kind, Kind::Invalid);
}

TEST(ForwardedArguments, WhatTheAppGets) {
    EXPECT_EQ(document_path_inside(1000, "a1b2", "notes.txt"), "/run/user/1000/doc/a1b2/notes.txt");
    EXPECT_EQ(forwarded_argument(file("x"), "/run/user/1000/doc/a1/my file"),
              "/run/user/1000/doc/a1/my file");
    EXPECT_EQ(forwarded_argument(uri("file:///x"), "/run/user/1000/doc/a1/my file"),
              "file:///run/user/1000/doc/a1/my%20file");
    EXPECT_EQ(unforwarded_argument(file("--help")), "./--help");
    EXPECT_EQ(unforwarded_argument(file("/a/-b")), "/a/-b");
    EXPECT_EQ(unforwarded_argument(uri("file:///a")), "file:///a");
}

PlanInputs sandbox_with(std::vector<launcher::MountOp> mounts) {
    PlanInputs inputs;
    inputs.app_dirs.path = "/home/u/.var/app/org.test.Hello";
    inputs.filesystems.mounts = std::move(mounts);
    return inputs;
}

TEST(SandboxVisibility, TheAppsOwnDirectoryIsSeen) {
    const PlanInputs inputs = sandbox_with({});
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/.var/app/org.test.Hello/data/a.txt"));
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/.var/app/org.test.Hello"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.var/app/org.test.Hello2/data/a.txt"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.var/app/org.other.App/a.txt"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/Documents/a.txt"));
    EXPECT_FALSE(visible_at_same_path(inputs, "relative/a.txt"));
}

TEST(SandboxVisibility, AGrantBoundFromTheSamePathIsSeen) {
    const PlanInputs inputs = sandbox_with(
        {BindMount{HostPath{"/home/u/Documents"}, "/home/u/Documents", BindAccess::ReadOnly, true},
         BindMount{HostPath{"/srv/media"}, "/run/media", BindAccess::ReadWrite, true}});
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/Documents/a.txt"));
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/Documents"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/Documents2/a.txt"));
    // Bound elsewhere: the host path is not what the sandbox shows there.
    EXPECT_FALSE(visible_at_same_path(inputs, "/srv/media/a.txt"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/run/media/a.txt"));
}

TEST(SandboxVisibility, HiddenDirectoriesAndLaterBindsCoverAGrant) {
    PlanInputs inputs =
        sandbox_with({BindMount{HostPath{"/home/u"}, "/home/u", BindAccess::ReadWrite, true},
                      TmpfsMount{"/home/u/.var/app", 0755, 0},
                      TmpfsMount{"/home/u/.local/share/sandbox", 0755, 0}});
    inputs.filesystems.home_access = true;
    inputs.filesystems.app_dir_mounts.push_back(
        BindMount{HostPath{"/home/u/.config/tool"}, "/home/u/.var/app/org.test.Hello/config/tool",
                  BindAccess::ReadOnly, true});
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/a.txt"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.var/app/org.other.App/secret"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.local/share/sandbox/repo/config"));
    EXPECT_TRUE(visible_at_same_path(inputs, "/home/u/.var/app/org.test.Hello/data/x"));
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.var/app/org.test.Hello/config/tool/x"));
}

TEST(SandboxVisibility, APersistedDirectoryCoversTheHomesOwn) {
    PlanInputs inputs = sandbox_with({});
    inputs.persistent.push_back(PersistentDir{"/home/u/.mozilla", 3});
    EXPECT_FALSE(visible_at_same_path(inputs, "/home/u/.mozilla/profile"));
}

TEST(HelperProtocol, SpecsRoundTrip) {
    for (const ExportRequest& request :
         {ExportRequest{3, false, false}, ExportRequest{4, true, false},
          ExportRequest{15, false, true}, ExportRequest{1024, true, true}})
        EXPECT_EQ(parse_export_spec(export_spec(request)), request) << export_spec(request);
    EXPECT_EQ(export_spec({7, true, true}), "7,write,directory");
    for (const char* bad : {"", "-1", "x", "3,", "3,read", ",write", "3,directory,write", "3 "})
        EXPECT_EQ(parse_export_spec(bad), std::nullopt) << bad;
}

TEST(HelperProtocol, FlagsAndPermissions) {
    EXPECT_EQ(add_full_flags({3, false, false}), 1u | 2u | 4u);
    EXPECT_EQ(add_full_flags({3, true, true}), 1u | 2u | 4u | 8u);
    EXPECT_EQ(add_full_permissions({3, false, false}),
              (std::vector<std::string>{"read", "grant-permissions"}));
    EXPECT_EQ(add_full_permissions({3, true, false}),
              (std::vector<std::string>{"read", "write", "grant-permissions"}));
}

TEST(HelperProtocol, AnswersParse) {
    using Kind = ExportAnswer::Kind;
    const std::string output = answer_line({Kind::Document, "a1b2c3"}) + "\n" +
                               answer_line({Kind::Visible, {}}) + "\n" +
                               answer_line({Kind::Failed, "No\nsuch\tthing"}) + "\n";
    EXPECT_EQ(output, "doc a1b2c3\nvisible\nerror No?such?thing\n");
    EXPECT_EQ(parse_answers(output), (std::vector<ExportAnswer>{{Kind::Document, "a1b2c3"},
                                                                {Kind::Visible, {}},
                                                                {Kind::Failed, "No?such?thing"}}));
}

TEST(HelperProtocol, AnIdThatCouldLeadElsewhereIsAFailure) {
    using Kind = ExportAnswer::Kind;
    for (const char* line : {"doc ..", "doc a/b", "doc ", "doc by-app/x", "doc .", "huh"})
        EXPECT_EQ(parse_answers(std::string(line) + "\n").front().kind, Kind::Failed) << line;
    // A last line without its newline was cut short.
    EXPECT_EQ(parse_answers("doc abc\ndoc de").back().kind, Kind::Failed);
    EXPECT_TRUE(is_document_id("Ab-9_z"));
    EXPECT_FALSE(is_document_id(std::string(65, 'a')));
}

}  // namespace
}  // namespace sandbox::run

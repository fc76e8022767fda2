#include <gtest/gtest.h>

#include "sandbox/store/deployment.hpp"
#include "sandbox/store/metadata.hpp"
#include "sandbox/store/ref.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

TEST(Ref, ParsesFullRefs) {
    auto ref = parse_ref("app/org.example.App/x86_64/stable");
    ASSERT_TRUE(ref.ok());
    EXPECT_EQ(*ref, (Ref{RefKind::App, "org.example.App", "x86_64", "stable"}));
    EXPECT_EQ(ref->str(), "app/org.example.App/x86_64/stable");
    EXPECT_EQ(parse_ref("runtime/org.example.Platform/aarch64/23.08")->kind, RefKind::Runtime);
}

TEST(Ref, RefusesWhatIsNotARef) {
    for (const char* bad :
         {"", "app", "app/org.example.App", "app/org.example.App/x86_64", "thing/org.a.B/x/y",
          "app/org.example.App/x86_64/stable/extra", "app/../x86_64/stable", "app/org/x86_64/s",
          "app/org.example.App/x86_64/..", "app/org.example.App/../stable",
          "app/org.example.App/x86_64/-rf", "app/org.1example.App/x86_64/stable",
          "app/org.ex ample.App/x86_64/stable"})
        EXPECT_FALSE(parse_ref(bad).ok()) << bad;
    EXPECT_FALSE(parse_ref(std::string("app/org.example.App/x86_64/st\0ble", 33)).ok());
}

TEST(Ref, ValidatesIdsAsFlatpakDoes) {
    EXPECT_TRUE(is_valid_id("org.example.App"));
    EXPECT_TRUE(is_valid_id("org.example.App_2-x"));
    EXPECT_FALSE(is_valid_id("org"));
    EXPECT_FALSE(is_valid_id("org..App"));
    EXPECT_FALSE(is_valid_id(".org.App"));
    EXPECT_FALSE(is_valid_id("org.9App"));
    EXPECT_FALSE(is_valid_id("org.App/x"));
    EXPECT_FALSE(is_valid_id(std::string(256, 'a') + ".b"));
}

TEST(Ref, RuntimeFieldIsIdArchBranch) {
    auto runtime = parse_runtime_field("org.example.Platform/x86_64/stable");
    ASSERT_TRUE(runtime.ok());
    EXPECT_EQ(runtime->str(), "runtime/org.example.Platform/x86_64/stable");
    EXPECT_FALSE(parse_runtime_field("org.example.Platform/x86_64").ok());
    EXPECT_FALSE(parse_runtime_field("../x86_64/stable").ok());
}

TEST(PartialRef, TakesFlatpaksShapes) {
    auto id = parse_partial_ref("org.example.App");
    ASSERT_TRUE(id.ok());
    EXPECT_FALSE(id->kind.has_value());
    EXPECT_EQ(id->id, "org.example.App");
    EXPECT_EQ(id->arch, "");
    EXPECT_EQ(id->branch, "");

    auto id_branch = parse_partial_ref("org.example.App//beta");
    ASSERT_TRUE(id_branch.ok());
    EXPECT_EQ(id_branch->arch, "");
    EXPECT_EQ(id_branch->branch, "beta");

    auto kind_id = parse_partial_ref("runtime/org.example.Platform");
    ASSERT_TRUE(kind_id.ok());
    EXPECT_EQ(kind_id->kind, RefKind::Runtime);

    auto full = parse_partial_ref("app/org.example.App/aarch64/stable");
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->arch, "aarch64");
    EXPECT_EQ(full->str(), "app/org.example.App/aarch64/stable");
    EXPECT_EQ(id_branch->str(), "org.example.App//beta");
}

TEST(PartialRef, RefusesDotDotAndJunk) {
    for (const char* bad : {"", "..", "../../etc", "org.example.App/../x", "org.example.App//..",
                            "app/../org.example.App", "org.example.App/a/b/c", "app/",
                            "org.example.App/x86_64/.hidden"})
        EXPECT_FALSE(parse_partial_ref(bad).ok()) << bad;
}

TEST(PartialRef, MatchesByKindIdArchAndBranch) {
    std::vector<Ref> refs{
        {RefKind::App, "org.example.App", "x86_64", "stable"},
        {RefKind::App, "org.example.App", "x86_64", "beta"},
        {RefKind::App, "org.example.App", "aarch64", "stable"},
        {RefKind::Runtime, "org.example.App", "x86_64", "stable"},
        {RefKind::App, "org.example.Other", "x86_64", "stable"},
    };
    auto matching = [&](const char* text) {
        return matching_refs(*parse_partial_ref(text), refs, "x86_64");
    };
    EXPECT_EQ(matching("org.example.App").size(), 3u);  // both branches and the runtime
    EXPECT_EQ(matching("app/org.example.App").size(), 2u);
    EXPECT_EQ(matching("org.example.App//beta"), (std::vector<Ref>{refs[1]}));
    EXPECT_EQ(matching("app/org.example.App/aarch64"), (std::vector<Ref>{refs[2]}));
    EXPECT_EQ(matching("runtime/org.example.App"), (std::vector<Ref>{refs[3]}));
    EXPECT_TRUE(matching("org.example.Missing").empty());
}

TEST(Metadata, ParsesAnAppsKeyfile) {
    auto metadata = parse_metadata(
        "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64/stable\n"
        "sdk=org.example.Sdk/x86_64/stable\ncommand=hello\n\n[Context]\nshared=network;\n"
        "sockets=wayland;x11;\n\n[Unknown Group]\nfuture-key=1\n",
        "test metadata");
    ASSERT_TRUE(metadata.ok()) << metadata.error().message();
    EXPECT_EQ(metadata->kind, RefKind::App);
    EXPECT_EQ(metadata->name, "org.example.App");
    EXPECT_EQ(metadata->runtime->str(), "runtime/org.example.Platform/x86_64/stable");
    EXPECT_EQ(metadata->command, "hello");
    using Line = std::pair<std::string, std::string>;
    EXPECT_EQ(metadata->context,
              (std::vector<Line>{{"shared", "network;"}, {"sockets", "wayland;x11;"}}));
}

TEST(Metadata, ParsesARuntimesKeyfile) {
    auto metadata = parse_metadata("[Runtime]\nname=org.example.Platform\n", "m");
    ASSERT_TRUE(metadata.ok());
    EXPECT_EQ(metadata->kind, RefKind::Runtime);
    EXPECT_FALSE(metadata->runtime.has_value());
}

TEST(Metadata, RefusesBrokenFiles) {
    EXPECT_FALSE(parse_metadata("[Context]\nshared=network;\n", "m").ok());
    EXPECT_FALSE(parse_metadata("[Application]\nname=../../etc\nruntime=a.b/x/y\n", "m").ok());
    EXPECT_FALSE(parse_metadata("[Application]\nname=org.a.B\n", "m").ok());  // no runtime
    EXPECT_FALSE(
        parse_metadata("[Application]\nname=org.a.B\nruntime=../x86_64/stable\n", "m").ok());
    EXPECT_FALSE(parse_metadata(std::string("[Runtime]\nname=org.a.B\0\n", 23), "m").ok());
    EXPECT_FALSE(parse_metadata("not a keyfile", "m").ok());
}

TEST(Printable, ShowsControlBytesAsQuestionMarks) {
    EXPECT_EQ(printable("plain text"), "plain text");
    EXPECT_EQ(printable("red \x1b[31m!"), "red ?[31m!");
    EXPECT_EQ(printable("a\nb\rc"), "a?b?c");
    EXPECT_EQ(printable("c1 \xc2\x9b"
                        "31m"),
              "c1 ?31m");
    EXPECT_EQ(printable("caf\xc3\xa9"), "caf\xc3\xa9");
    EXPECT_EQ(printable("abcdef", 3), "abc…");
}

TEST(DeploymentInfo, RoundTrips) {
    DeploymentInfo info{{RefKind::App, "org.example.App", "x86_64", "stable"},
                        std::string(64, 'a'),
                        "origin",
                        12345};
    auto parsed = parse_deployment_info(format_deployment_info(info));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->ref, info.ref);
    EXPECT_EQ(parsed->commit, info.commit);
    EXPECT_EQ(parsed->origin, "origin");
    EXPECT_EQ(parsed->installed_size, 12345u);
    EXPECT_TRUE(is_valid_commit(std::string(64, 'a')));
    EXPECT_FALSE(is_valid_commit(std::string(64, 'A')));
    EXPECT_FALSE(is_valid_commit("../" + std::string(61, 'a')));
}

}  // namespace
}  // namespace sandbox::store

#include <gtest/gtest.h>

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/finish_args.hpp"
#include "sandbox/builder/manifest.hpp"

namespace sandbox::builder {
namespace {

constexpr const char* kAppManifest = R"({
  "id": "org.example.App",
  "branch": "stable",
  "runtime": "org.example.Platform",
  "runtime-version": "23.08",
  "sdk": "org.example.Sdk",
  "command": "hello",
  "finish-args": ["--share=network", "--socket=wayland"],
  "modules": [
    {"name": "data", "buildsystem": "copy",
     "sources": [{"type": "dir", "path": "data", "dest": "share"}]},
    {"name": "hello",
     "sources": [{"type": "file", "path": "/abs/hello.sh", "dest-filename": "hello"}],
     "build-commands": ["install -D hello /app/bin/hello"]}
  ]
})";

TEST(Manifest, ParsesFlatpakBuildersKeys) {
    auto manifest = parse_manifest(kAppManifest, "/base");
    ASSERT_TRUE(manifest.ok()) << manifest.error().message();
    EXPECT_EQ(manifest->id, "org.example.App");
    EXPECT_EQ(manifest->branch, "stable");
    EXPECT_EQ(manifest->runtime, "org.example.Platform");
    EXPECT_EQ(manifest->runtime_version, "23.08");
    EXPECT_EQ(manifest->sdk, "org.example.Sdk");
    EXPECT_EQ(manifest->command, "hello");
    EXPECT_EQ(manifest->finish_args,
              (std::vector<std::string>{"--share=network", "--socket=wayland"}));
    ASSERT_EQ(manifest->modules.size(), 2u);
    EXPECT_EQ(manifest->modules[0].buildsystem, BuildSystem::Copy);
    EXPECT_EQ(manifest->modules[0].sources.at(0).path, "/base/data");
    EXPECT_EQ(manifest->modules[0].sources.at(0).dest, "share");
    EXPECT_EQ(manifest->modules[1].buildsystem, BuildSystem::Simple);
    EXPECT_EQ(manifest->modules[1].sources.at(0).type, SourceType::File);
    EXPECT_EQ(manifest->modules[1].sources.at(0).path, "/abs/hello.sh");
    EXPECT_EQ(manifest->modules[1].sources.at(0).dest_filename, "hello");
    EXPECT_EQ(manifest->modules[1].build_commands.size(), 1u);
}

TEST(Manifest, ARuntimeNeedsNoRuntime) {
    auto manifest = parse_manifest(R"({"id": "org.example.Platform", "build-runtime": true})", "/");
    ASSERT_TRUE(manifest.ok()) << manifest.error().message();
    EXPECT_TRUE(manifest->build_runtime);
    EXPECT_EQ(manifest->branch, "master");
}

void expect_refused(const std::string& json, const std::string& needle) {
    auto manifest = parse_manifest(json, "/base");
    ASSERT_FALSE(manifest.ok()) << json;
    EXPECT_NE(manifest.error().message().find(needle), std::string::npos)
        << manifest.error().message();
    EXPECT_EQ(manifest.error().message().find('\n'), std::string::npos);
}

TEST(Manifest, RefusesBadKeysTypesAndPaths) {
    const std::string app =
        R"("id": "org.example.App", "runtime": "org.a.B", "runtime-version": "1")";
    expect_refused("{" + app + R"(, "cleanup": []})", "unknown key \"cleanup\"");
    expect_refused("{" + app + R"(, "modules": [{"name": "m", "config-opts": []}]})",
                   "module m: unknown key \"config-opts\"");
    expect_refused("{" + app + R"(, "modules": [{"name": "m", "sources": [{"type": "git",
                   "path": "x"}]}]})",
                   "source type \"git\" is not supported");
    expect_refused("{" + app + R"(, "modules": [{"name": "m", "sources": [{"type": "dir",
                   "path": "x", "dest": "../../etc"}]}]})",
                   "without ..");
    expect_refused("{" + app + R"(, "modules": [{"name": "../m"}]})", "plain file name");
    expect_refused("{" + app + R"(, "command": 3})", "\"command\" must be a string");
    expect_refused("{" + app + R"(, "finish-args": "--share=network"})", "must be a list");
    expect_refused(R"({"id": "../evil", "build-runtime": true})", "not a valid ID");
    expect_refused(R"({"id": "org.example.App"})", "runtime");
    expect_refused("[1, 2]", "must be a JSON object");
    expect_refused("{\"id\": ", "not valid JSON");
}

TEST(Manifest, ReadsTheDebianKey) {
    auto manifest = parse_manifest(R"({"id": "org.debian.Platform", "build-runtime": true,
        "debian": {"packages": ["bash", "libgtk-3-0"], "lock": "locks/platform.lock"}})",
                                   "/base");
    ASSERT_TRUE(manifest.ok()) << manifest.error().message();
    ASSERT_TRUE(manifest->debian.has_value());
    EXPECT_EQ(manifest->debian->suite, "bookworm");
    EXPECT_EQ(manifest->debian->packages, (std::vector<std::string>{"bash", "libgtk-3-0"}));
    EXPECT_EQ(manifest->debian->sources, default_debian_sources("bookworm"));
    EXPECT_EQ(manifest->debian->sources.at(2),
              "deb http://deb.debian.org/debian-security bookworm-security main");
    EXPECT_EQ(manifest->debian->lock, "/base/locks/platform.lock");

    auto plain = parse_manifest(R"({"id": "org.example.App", "build-runtime": true})", "/");
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->debian.has_value());

    auto custom = parse_manifest(R"({"id": "org.example.App", "runtime": "org.debian.Platform",
        "runtime-version": "12", "debian": {"suite": "trixie", "packages": ["eog"],
        "sources": ["deb http://mirror.example/debian trixie main contrib"]}})",
                                 "/");
    ASSERT_TRUE(custom.ok()) << custom.error().message();
    EXPECT_EQ(custom->debian->suite, "trixie");
    EXPECT_EQ(custom->debian->sources,
              (std::vector<std::string>{"deb http://mirror.example/debian trixie main contrib"}));
    EXPECT_TRUE(custom->debian->lock.empty());  // load_manifest names NAME.lock
}

TEST(Manifest, RefusesABadDebianKey) {
    const std::string runtime = R"("id": "org.debian.Platform", "build-runtime": true)";
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash"], "recommends": true}})",
                   "\"debian\": unknown key \"recommends\"");
    expect_refused("{" + runtime + R"(, "debian": ["bash"]})", "\"debian\" must be an object");
    expect_refused("{" + runtime + R"(, "debian": {}})", "needs \"packages\"");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash; rm -rf /"]}})",
                   "not a Debian package name");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["-oDebug::x=1"]}})",
                   "not a Debian package name");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash"],
                   "sources": ["deb http://x bookworm main\ndeb http://evil y z"]}})",
                   "is not one line");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash"],
                   "sources": ["http://x bookworm main"]}})",
                   "is not one line");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash"], "lock": "../x.lock"}})",
                   "without ..");
    expect_refused("{" + runtime + R"(, "debian": {"packages": ["bash"], "suite": "a b"}})",
                   "suite");
}

TEST(FinishArgs, BecomeFlatpaksMetadataGroups) {
    auto groups = context_from_finish_args(
        {"--share=network", "--share=ipc", "--nosocket=x11", "--socket=wayland", "--device=dri",
         "--filesystem=xdg-documents:ro", "--filesystem=~/Music:create", "--persist=.mozilla",
         "--allow=devel", "--talk-name=org.example.Service", "--own-name=org.example.App.Sub",
         "--system-talk-name=org.freedesktop.UPower", "--env=FOO=bar=baz"});
    ASSERT_TRUE(groups.ok()) << groups.error().message();
    using Lines = std::vector<std::pair<std::string, std::string>>;
    ASSERT_EQ(groups->size(), 4u);
    EXPECT_EQ((*groups)[0].name, "Context");
    EXPECT_EQ((*groups)[0].entries, (Lines{{"shared", "network;ipc;"},
                                           {"sockets", "!x11;wayland;"},
                                           {"devices", "dri;"},
                                           {"filesystems", "xdg-documents:ro;~/Music:create;"},
                                           {"persistent", ".mozilla;"},
                                           {"features", "devel;"}}));
    EXPECT_EQ((*groups)[1].name, "Session Bus Policy");
    EXPECT_EQ((*groups)[1].entries,
              (Lines{{"org.example.Service", "talk"}, {"org.example.App.Sub", "own"}}));
    EXPECT_EQ((*groups)[2].name, "System Bus Policy");
    EXPECT_EQ((*groups)[3].name, "Environment");
    EXPECT_EQ((*groups)[3].entries, (Lines{{"FOO", "bar=baz"}}));
}

TEST(FinishArgs, RefusesUnknownAndMalformedFlags) {
    EXPECT_FALSE(context_from_finish_args({"--share-network"}).ok());
    EXPECT_FALSE(context_from_finish_args({"--share="}).ok());
    EXPECT_FALSE(context_from_finish_args({"--share=net;work"}).ok());
    EXPECT_FALSE(context_from_finish_args({"--env=NOVALUE"}).ok());
    EXPECT_FALSE(context_from_finish_args({"--socket=x\n11"}).ok());
}

TEST(ManifestMetadata, IsFlatpaksKeyfile) {
    auto manifest = parse_manifest(kAppManifest, "/base");
    ASSERT_TRUE(manifest.ok());
    auto metadata = manifest_metadata(*manifest, "stable", "x86_64");
    ASSERT_TRUE(metadata.ok());
    EXPECT_EQ(*metadata,
              "[Application]\nname=org.example.App\nruntime=org.example.Platform/x86_64/23.08\n"
              "sdk=org.example.Sdk/x86_64/23.08\ncommand=hello\n\n[Context]\nshared=network;\n"
              "sockets=wayland;\n");
    auto runtime = parse_manifest(R"({"id": "org.example.Platform", "build-runtime": true})", "/");
    EXPECT_EQ(*manifest_metadata(*runtime, "stable", "aarch64"),
              "[Runtime]\nname=org.example.Platform\nruntime=org.example.Platform/aarch64/stable\n"
              "sdk=org.example.Platform/aarch64/stable\n");
}

}  // namespace
}  // namespace sandbox::builder

// `sandbox build`: a runtime from a directory tree and an app whose build-commands run in a
// sandbox on that runtime, committed to a repository that `sandbox` then installs from.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class BuildTest : public StoreTest {
  protected:
    fs::path write_manifest(const std::string& name, const std::string& json) {
        fs::path path = scratch() / "manifests" / name;
        fs::create_directories(path.parent_path());
        write_file(path, json);
        return path;
    }

    CommandResult build(const fs::path& manifest) {
        return sandbox({"build", "--repo=" + built_repo().string(), manifest.string()});
    }

    [[nodiscard]] fs::path built_repo() const { return scratch() / "built-repo"; }
};

TEST_F(BuildTest, BuildsARuntimeFromATreeAndAnAppWithCommandsInASandbox) {
    fs::path tree = scratch() / "manifests/runtime-tree";
    CommandResult made = run_command({STORE_TEST_RUNTIME_SCRIPT, tree.string()});
    ASSERT_EQ(made.status, 0) << made.err;
    fs::path runtime_manifest = write_manifest("runtime.json", R"({
        "id": "org.built.Platform", "branch": "stable", "build-runtime": true,
        "modules": [{"name": "tree", "buildsystem": "copy",
                     "sources": [{"type": "dir", "path": "runtime-tree"}]}]})");
    CommandResult runtime = build(runtime_manifest);
    ASSERT_EQ(runtime.status, 0) << runtime.out << runtime.err;

    add_remote("built", "file://" + built_repo().string());
    install("runtime/org.built.Platform");

    fs::path hello = scratch() / "manifests/app/bin/hello";
    fs::create_directories(hello.parent_path());
    write_file(hello, "#!/bin/sh\necho built app\n");
    fs::permissions(hello, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                    fs::perm_options::add);
    write_file(scratch() / "manifests/note.txt", "from a file source\n");
    fs::path app_manifest = write_manifest("app.json", R"({
        "id": "org.built.App", "branch": "stable",
        "runtime": "org.built.Platform", "runtime-version": "stable", "command": "hello",
        "finish-args": ["--share=network", "--socket=wayland", "--filesystem=xdg-documents:ro",
                        "--talk-name=org.example.Service", "--env=GREETING=hi"],
        "modules": [
          {"name": "files", "buildsystem": "copy", "sources": [{"type": "dir", "path": "app"}]},
          {"name": "commands", "buildsystem": "simple",
           "sources": [{"type": "file", "path": "note.txt", "dest": "notes"}],
           "build-commands": ["echo \"built in $PWD\" > /app/built.txt",
                              "cat notes/note.txt >> /app/built.txt",
                              "test ! -e /home && test ! -e /etc/passwd"]}]})");
    CommandResult app = build(app_manifest);
    ASSERT_EQ(app.status, 0) << app.out << app.err;

    CommandResult listing = sandbox({"remote-ls", "built"});
    EXPECT_THAT(listing.out, HasSubstr("app/org.built.App/"));
    EXPECT_THAT(listing.out, HasSubstr("runtime/org.built.Platform/"));
    install("org.built.App");
    std::string app_ref = "app/org.built.App/" + repo().arch() + "/stable";
    EXPECT_EQ(deployed_file(app_ref, "files/bin/hello"), "#!/bin/sh\necho built app\n");
    EXPECT_EQ(deployed_file(app_ref, "files/built.txt"),
              "built in /run/build/commands\nfrom a file source\n");
    std::string metadata = deployed_file(app_ref, "metadata");
    EXPECT_THAT(metadata,
                HasSubstr("[Application]\nname=org.built.App\nruntime=org.built.Platform/" +
                          repo().arch() + "/stable\n"));
    EXPECT_THAT(metadata, HasSubstr("command=hello"));
    EXPECT_THAT(metadata, HasSubstr("shared=network;"));
    EXPECT_THAT(metadata, HasSubstr("sockets=wayland;"));
    EXPECT_THAT(metadata, HasSubstr("filesystems=xdg-documents:ro;"));
    EXPECT_THAT(metadata, HasSubstr("[Session Bus Policy]\norg.example.Service=talk"));
    EXPECT_THAT(metadata, HasSubstr("[Environment]\nGREETING=hi"));
}

TEST_F(BuildTest, ABadManifestIsOneLine) {
    fs::path bad_key = write_manifest("bad.json", R"({"id": "org.built.App", "runtime": "org.a.B",
        "runtime-version": "stable", "moduels": []})");
    EXPECT_TRUE(is_one_error_line(build(bad_key), "unknown key \"moduels\""));
    fs::path bad_json = write_manifest("bad2.json", "{\"id\": ");
    EXPECT_TRUE(is_one_error_line(build(bad_json), "not valid JSON"));
    fs::path bad_arg = write_manifest("bad3.json", R"({"id": "org.built.App",
        "runtime": "org.a.B", "runtime-version": "stable", "finish-args": ["--share-network"]})");
    EXPECT_TRUE(is_one_error_line(build(bad_arg), "finish-args"));
    EXPECT_FALSE(fs::exists(built_repo()));
}

TEST_F(BuildTest, AMissingSdkIsOneLineAndCommitsNothing) {
    fs::path manifest = write_manifest("app.json", R"({"id": "org.built.App",
        "runtime": "org.built.Missing", "runtime-version": "stable",
        "modules": [{"name": "m", "build-commands": ["true"]}]})");
    EXPECT_TRUE(is_one_error_line(build(manifest), "runtime/org.built.Missing/"));
    EXPECT_FALSE(fs::exists(built_repo()));
}

}  // namespace
}  // namespace sandbox::test::store

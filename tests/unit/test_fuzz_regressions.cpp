// Inputs the fuzzers in fuzz/ found, kept as tests so the bugs they showed stay fixed.
#include <gtest/gtest.h>

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/finish_args.hpp"
#include "sandbox/builder/manifest.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"
#include "sandbox/permissions/metadata.hpp"

namespace sandbox::builder {
namespace {

Result<std::string> metadata_for_finish_args(const std::string& finish_args) {
    auto manifest = parse_manifest(R"({"id": "org.example.Hello", "runtime": "org.example.Platform",
        "runtime-version": "stable", "finish-args": [)" +
                                       finish_args + "]}",
                                   "/base");
    if (!manifest) return manifest.take_error();
    return manifest_metadata(*manifest, "stable", "x86_64");
}

// fuzz_manifest: finish-args holding a filesystem location `sandbox run` does not know were
// written into the metadata, so the built app could never start ("Unknown filesystem location").
TEST(FuzzRegressions, ManifestMetadataRefusesWhatRunWouldRefuse) {
    auto metadata = metadata_for_finish_args(R"("--filesystem=xfg-documents:ro")");
    ASSERT_FALSE(metadata.ok());
    EXPECT_NE(metadata.error().message().find("xfg-documents"), std::string::npos)
        << metadata.error().message();
    EXPECT_EQ(metadata.error().message().find('\n'), std::string::npos);
    EXPECT_FALSE(metadata_for_finish_args(R"("--talk-name=--log")").ok());
    EXPECT_FALSE(metadata_for_finish_args(R"("--own-name=org.example.")").ok());
}

// fuzz_manifest: a command holding a control character ("no-\rsee") was written into the
// metadata, which `sandbox run` then refused.
TEST(FuzzRegressions, ManifestRefusesCommandWithControlCharacters) {
    auto manifest = parse_manifest(R"({"id": "org.example.Notes", "runtime": "org.example.Platform",
        "runtime-version": "23.08", "command": "no-\rsee --gui"})",
                                   "/base");
    ASSERT_FALSE(manifest.ok());
    EXPECT_NE(manifest.error().message().find("command"), std::string::npos)
        << manifest.error().message();
    EXPECT_EQ(manifest.error().message().find('\r'), std::string::npos);
}

// fuzz_manifest: a bus name or variable name that is no keyfile key ("a=b", "A[x]") made
// g_key_file_set_string() fail with a GLib critical and the permission vanish from the metadata.
TEST(FuzzRegressions, FinishArgsRefuseNamesThatAreNoKeyfileKey) {
    for (const char* arg : {"--talk-name=org.example.A=b", "--own-name=org.example[1]",
                            "--system-see-name= org.example.A", "--env=A[x]=1", "--env=A B=1"}) {
        auto groups = context_from_finish_args({arg});
        ASSERT_FALSE(groups.ok()) << arg;
        EXPECT_EQ(groups.error().message().find('\n'), std::string::npos);
    }
    EXPECT_TRUE(context_from_finish_args({"--talk-name=org.example.A.*", "--env=A_1=x=y"}).ok());
}

TEST(FuzzRegressions, ManifestMetadataKeepsValidFinishArgs) {
    auto metadata = metadata_for_finish_args(
        R"("--filesystem=xdg-documents:ro", "--talk-name=org.freedesktop.Notifications")");
    ASSERT_TRUE(metadata.ok()) << metadata.error().message();
    EXPECT_NE(metadata->find("filesystems=xdg-documents:ro;"), std::string::npos);
    EXPECT_NE(metadata->find("org.freedesktop.Notifications=talk"), std::string::npos);
}

}  // namespace
}  // namespace sandbox::builder

namespace sandbox::permissions {
namespace {

// fuzz_permission_flags: `sandbox override --env=Encoding=x` alone saved an override whose first
// group was [Environment], and GKeyFile refuses a non-UTF-8 "Encoding" key in a file's first
// group, so the saved override could not be read back.
TEST(FuzzRegressions, OverrideWithEncodingVariableReadsBack) {
    Context layer;
    layer.environment["Encoding"] = "~/Documents:create";
    layer.environment["LANG"] = std::nullopt;
    const std::string text = context_to_text(layer, false);
    auto keyfile = parse_keyfile(text, "override");
    ASSERT_TRUE(keyfile.ok()) << keyfile.error().message() << "\n" << text;
    Warnings warnings;
    auto again = context_from_keyfile(keyfile->get(), "override", warnings);
    ASSERT_TRUE(again.ok()) << again.error().message();
    EXPECT_EQ(*again, layer);
}

}  // namespace
}  // namespace sandbox::permissions

#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {
namespace {

// fuzz_desktop_file: a localized Exec[LOCALE] was kept as the app wrote it. GIO reads only Exec,
// but KDE's KConfig reads the localized value of any key, so for users of that locale the menu
// would have run the app's own command line on the host, unsandboxed.
TEST(FuzzRegressions, LocalizedExecIsNotExported) {
    const LaunchCommand launch{"/usr/bin/sandbox", {"--user"}, "org.example.App"};
    auto rewritten = rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=App\nExec=app\nExec[de]=app --deutsch\n"
        "Exec[sr@latin]=rm -rf ~\n\n[Desktop Action new]\nName=New\nExec=app --new\n"
        "Exec[fr]=--filesystem=/ app\n",
        launch);
    ASSERT_TRUE(rewritten) << rewritten.error().message();
    EXPECT_EQ(rewritten->content.find("Exec["), std::string::npos) << rewritten->content;
    EXPECT_NE(rewritten->content.find("Exec=/usr/bin/sandbox run --user --command=app "
                                      "org.example.App\n"),
              std::string::npos)
        << rewritten->content;
    EXPECT_NE(rewritten->content.find("--command=app org.example.App --new\n"), std::string::npos)
        << rewritten->content;
}

// fuzz_desktop_file: a key given twice in a group (Exec, TryExec, X-Flatpak…) had only its last
// line rewritten or removed; GKeyFile wrote the earlier line out as the app wrote it.
TEST(FuzzRegressions, AKeyGivenTwiceIsRefused) {
    const LaunchCommand launch{"/usr/bin/sandbox", {"--user"}, "org.example.App"};
    for (const char* twice :
         {"Exec=evil --on-the-host\nExec=app\n", "Exec=app\nExec=app\n",
          "Exec=app\nTryExec=a\nTryExec=b\n", "Exec=app\nX-Flatpak=a\nX-Flatpak=b\n"}) {
        auto rewritten = rewrite_desktop_file(
            std::string("[Desktop Entry]\nType=Application\nName=App\n") + twice, launch);
        ASSERT_FALSE(rewritten) << twice << rewritten->content;
        EXPECT_NE(rewritten.error().message().find("is given twice"), std::string::npos)
            << rewritten.error().message();
    }
    auto in_action = rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=App\nExec=app\n\n[Desktop Action a]\n"
        "Name=A\nExec=evil\nExec=app\n",
        launch);
    EXPECT_FALSE(in_action);
}

}  // namespace
}  // namespace sandbox::exports

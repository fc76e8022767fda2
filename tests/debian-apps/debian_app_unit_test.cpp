// The parts of a Debian app's build that need no packages: the rename keys of the manifest, the
// renames on a files/ tree, the layer of a complete tree against a runtime's files/, and which
// files the build exports.

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <cstdlib>

#include "debian_app_layer.hpp"
#include "sandbox/builder/export_renames.hpp"
#include "sandbox/builder/manifest.hpp"
#include "stage.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

class TempDir {
  public:
    TempDir() {
        std::string pattern = (fs::path(std::getenv("TMPDIR")) / "debian-app-XXXXXX").string();
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    ~TempDir() { remove_tree(path_); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

Result<builder::Manifest> parse(const std::string& keys) {
    return builder::parse_manifest(
        R"({"id": "org.example.App", "runtime": "org.example.Platform", "runtime-version": "1")" +
            keys + "}",
        "/");
}

TEST(ExportRenameKeys, AStringIsFlatpakBuildersRenameToTheId) {
    auto manifest = parse(R"(, "rename-desktop-file": "app.desktop", "rename-icon": "app",
                             "rename-appdata-file": "app.appdata.xml", "copy-icon": true)");
    ASSERT_TRUE(manifest) << manifest.error().message();
    EXPECT_THAT(manifest->renames.desktop_files,
                ElementsAre(Pair("app.desktop", "org.example.App.desktop")));
    EXPECT_THAT(manifest->renames.icons, ElementsAre(Pair("app", "org.example.App")));
    EXPECT_EQ(manifest->renames.appdata_file, "app.appdata.xml");
    EXPECT_TRUE(manifest->renames.copy_icon);
}

TEST(ExportRenameKeys, AnObjectRenamesSeveralWithinTheId) {
    auto manifest = parse(R"(, "rename-desktop-file": {"a.desktop": "org.example.App.desktop",
                                                      "b.desktop": "org.example.App.b.desktop"})");
    ASSERT_TRUE(manifest) << manifest.error().message();
    EXPECT_THAT(manifest->renames.desktop_files,
                ElementsAre(Pair("a.desktop", "org.example.App.desktop"),
                            Pair("b.desktop", "org.example.App.b.desktop")));
}

TEST(ExportRenameKeys, NamesOutsideTheIdOrWithPathsAreRefused) {
    for (const char* keys :
         {R"(, "rename-desktop-file": {"a.desktop": "org.other.desktop"})",
          R"(, "rename-desktop-file": {"a.desktop": "org.example.Appx.desktop"})",
          R"(, "rename-desktop-file": {"../a.desktop": "org.example.App.desktop"})",
          R"(, "rename-desktop-file": "a.txt")", R"(, "rename-icon": {"a": "org.example.App/x"})",
          R"(, "rename-icon": 3)", R"(, "rename-appdata-file": "sub/a.xml")",
          R"(, "copy-icon": "yes")"}) {
        auto manifest = parse(keys);
        ASSERT_FALSE(manifest) << keys;
        EXPECT_THAT(manifest.error().message(), HasSubstr("The manifest's \"")) << keys;
        EXPECT_EQ(manifest.error().message().find('\n'), std::string::npos);
    }
}

class ExportRenamesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        write_file(files() / "lib/app/share/xdg/app.desktop",
                   "[Desktop Entry]\n# kept\nType=Application\nName=App\nName[de]=Anw\n"
                   "Exec=app %U\nIcon=app\n\n[Desktop Action New]\nName=New\nExec=app "
                   "--new\nIcon=document-new\n",
                   kReadableMode);
        fs::create_directories(files() / "share/applications");
        // Debian's links are often absolute: they resolve in the sandbox's /usr.
        fs::create_symlink("/usr/lib/app/share/xdg/app.desktop",
                           files() / "share/applications/app.desktop");
        write_file(files() / "share/icons/hicolor/48x48/apps/app.png", "png", kReadableMode);
        write_file(files() / "share/icons/hicolor/scalable/apps/app.svg", "<svg/>", kReadableMode);
        write_file(files() / "share/metainfo/app.appdata.xml",
                   "<component><id>app.desktop</id></component>\n", kReadableMode);
        renames_.desktop_files = {{"app.desktop", "org.example.App.desktop"}};
        renames_.icons = {{"app", "org.example.App"}};
        renames_.appdata_file = "app.appdata.xml";
    }
    [[nodiscard]] fs::path files() const { return dir_.path() / "files"; }

    TempDir dir_;
    builder::ExportRenames renames_;
};

TEST_F(ExportRenamesTest, RenamesResolveLinksAndNameEachOther) {
    renames_.copy_icon = true;
    ASSERT_TRUE(builder::apply_export_renames(renames_, "org.example.App", files(), true));
    const fs::path desktop = files() / "share/applications/org.example.App.desktop";
    ASSERT_TRUE(fs::is_regular_file(fs::symlink_status(desktop)));
    const std::string text = read_file(desktop);
    EXPECT_THAT(text, HasSubstr("\nIcon=org.example.App\n"));
    EXPECT_THAT(text, HasSubstr("\nIcon=document-new\n"));
    EXPECT_THAT(text, HasSubstr("Name[de]=Anw"));
    EXPECT_THAT(text, HasSubstr("# kept"));
    EXPECT_FALSE(fs::exists(fs::symlink_status(files() / "share/applications/app.desktop")));
    EXPECT_EQ(read_file(files() / "share/icons/hicolor/48x48/apps/org.example.App.png"), "png");
    EXPECT_EQ(read_file(files() / "share/icons/hicolor/scalable/apps/org.example.App.svg"),
              "<svg/>");
    EXPECT_TRUE(fs::exists(files() / "share/icons/hicolor/48x48/apps/app.png"));  // copy-icon
    EXPECT_EQ(read_file(files() / "share/metainfo/org.example.App.metainfo.xml"),
              "<component><id>org.example.App.desktop</id></component>\n");
    EXPECT_FALSE(fs::exists(files() / "share/metainfo/app.appdata.xml"));
}

TEST_F(ExportRenamesTest, ALinkLeavingTheAppsFilesIsRefused) {
    fs::remove(files() / "share/applications/app.desktop");
    fs::create_symlink("/etc/../../../../etc/passwd", files() / "share/applications/app.desktop");
    auto status = builder::apply_export_renames(renames_, "org.example.App", files(), true);
    ASSERT_FALSE(status);
    EXPECT_THAT(status.error().message(), HasSubstr("not in the app's files"));
    fs::remove(files() / "share/applications/app.desktop");
    fs::create_symlink("/usr/share/other.desktop", files() / "share/applications/app.desktop");
    EXPECT_FALSE(builder::apply_export_renames(renames_, "org.example.App", files(), true));
}

TEST_F(ExportRenamesTest, AMissingSourceIsOneLine) {
    renames_.icons = {{"nothing", "org.example.App"}};
    auto status = builder::apply_export_renames(renames_, "org.example.App", files(), true);
    ASSERT_FALSE(status);
    EXPECT_THAT(status.error().message(), HasSubstr("no icon \"nothing\""));
}

TEST(CollectExports, OnlyRegularFilesNamedAfterTheId) {
    TempDir dir;
    const fs::path files = dir.path() / "files";
    write_file(files / "share/applications/org.example.App.desktop", "x", kReadableMode);
    write_file(files / "share/applications/org.example.App.b.desktop", "x", kReadableMode);
    write_file(files / "share/applications/org.example.Appx.desktop", "x", kReadableMode);
    write_file(files / "share/metainfo/org.example.App.metainfo.xml", "x", kReadableMode);
    fs::create_directories(files / "share/icons/hicolor/48x48/apps");
    fs::create_symlink("/etc/shadow", files / "share/icons/hicolor/48x48/apps/org.example.App.png");
    ASSERT_TRUE(builder::collect_exports(files, dir.path() / "export", "org.example.App"));
    std::vector<std::string> exported;
    for (const auto& entry : fs::recursive_directory_iterator(dir.path() / "export"))
        if (!entry.is_directory())
            exported.push_back(entry.path().lexically_relative(dir.path() / "export").string());
    std::sort(exported.begin(), exported.end());
    EXPECT_THAT(exported, ElementsAre("share/applications/org.example.App.b.desktop",
                                      "share/applications/org.example.App.desktop",
                                      "share/metainfo/org.example.App.metainfo.xml"));
}

class LayerTest : public ::testing::Test {
  protected:
    // The same entry in the complete tree and the runtime.
    void both(const std::string& path, const std::string& content) {
        write_file(full() / path, content, kReadableMode);
        write_file(runtime() / path, content, kReadableMode);
    }
    [[nodiscard]] fs::path full() const { return dir_.path() / "full"; }
    [[nodiscard]] fs::path runtime() const { return dir_.path() / "runtime"; }
    [[nodiscard]] fs::path layer() const { return dir_.path() / "layer"; }

    std::vector<std::string> layer_entries() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(layer()))
            found.push_back(entry.path().lexically_relative(layer()).string());
        std::sort(found.begin(), found.end());
        return found;
    }

    TempDir dir_;
};

TEST_F(LayerTest, OnlyNewAndDifferentEntriesAreKept) {
    both("lib/libsame.so", "same");
    both("bin/tool", "tool");
    fs::permissions(full() / "bin/tool", fs::perms(0755));  // only the executable bit differs
    write_file(full() / "share/mime/mime.cache", "new cache", kReadableMode);
    write_file(runtime() / "share/mime/mime.cache", "old cache", kReadableMode);
    write_file(full() / "lib/app/program/app.bin", "app", kReadableMode);
    write_file(full() / "lib/app/share/data", "data", kReadableMode);
    fs::create_symlink("/etc/app/registry", full() / "lib/app/registry");
    fs::create_directories(runtime() / "share/links");
    fs::create_symlink("a", runtime() / "share/links/same");
    fs::create_symlink("b", runtime() / "share/links/changed");
    fs::create_directories(full() / "share/links");
    fs::create_symlink("a", full() / "share/links/same");
    fs::create_symlink("c", full() / "share/links/changed");
    write_file(full() / "etc/app/registry/main.xcd", "xcd", kReadableMode);
    write_file(full() / "etc/passwd", "root:x:0:0::/root:/bin/sh\n", kReadableMode);
    write_file(runtime() / "etc/passwd", "other\n", kReadableMode);
    both("etc/fonts/fonts.conf", "conf");
    write_file(runtime() / "share/only-in-runtime", "r", kReadableMode);
    auto figures = builder::extract_layer(full(), runtime(), layer());
    ASSERT_TRUE(figures) << figures.error().message();
    EXPECT_THAT(layer_entries(),
                ElementsAre("bin", "bin/tool", "etc", "etc/app", "etc/app/registry",
                            "etc/app/registry/main.xcd", "lib", "lib/app", "lib/app/program",
                            "lib/app/program/app.bin", "lib/app/registry", "lib/app/share",
                            "lib/app/share/data", "share", "share/links", "share/links/changed",
                            "share/mime", "share/mime/mime.cache"));
    EXPECT_EQ(fs::read_symlink(layer() / "share/links/changed"), "c");
    EXPECT_EQ(fs::read_symlink(layer() / "lib/app/registry"), "/etc/app/registry");
    EXPECT_EQ(figures->same, 3u);  // libsame.so, fonts.conf, links/same
    EXPECT_EQ(figures->runtime_only, 1u);
    EXPECT_EQ(figures->bytes, std::uint64_t(4 + 9 + 3 + 4 + 3));
}

TEST_F(LayerTest, AMissingTreeIsAnError) {
    fs::create_directories(runtime());
    auto figures = builder::extract_layer(full(), runtime(), layer());
    ASSERT_FALSE(figures);
    EXPECT_THAT(figures.error().message(), HasSubstr("is not a directory"));
}

}  // namespace
}  // namespace sandbox::test

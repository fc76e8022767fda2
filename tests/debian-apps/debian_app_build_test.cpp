// org.libreoffice from Debian's packages, built as a layer over the Debian runtime
// (docs/RUNTIMES.md, "Apps from Debian packages"): the layer holds nothing the runtime already has,
// LibreOffice's registry (made by its postinst) is in the layer's etc/, the exports are named after
// the ID and valid, and the font cache made at build time covers the fonts the app adds, in the
// composed view sandbox run makes (read-only overlay of the layer over the runtime at /usr).

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "debian_apps_fixture.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kApp = "org.libreoffice";

fs::path deployment(const std::string& kind_id_branch) {
    const fs::path active = debian_apps({kApp}).installation / kind_id_branch / "active";
    return fs::canonical(active);
}

fs::path app_dir() {
    return deployment("app/org.libreoffice/x86_64/stable");
}
fs::path runtime_dir() {
    return deployment("runtime/org.debian.Platform/x86_64/12");
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code error;
    const auto status = fs::symlink_status(b, error);
    if (error || status.type() != fs::symlink_status(a).type()) return false;
    if (fs::is_symlink(status)) return fs::read_symlink(a) == fs::read_symlink(b);
    if (!fs::is_regular_file(status) || fs::file_size(a) != fs::file_size(b)) return false;
    return read_file(a) == read_file(b);
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::recursive_directory_iterator(dir, error))
        if (!entry.is_directory()) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class DebianAppsTest : public SandboxTest {
  protected:
    static void SetUpTestSuite() {
        try {
            std::cout << debian_apps({kApp}).log;
        } catch (const std::exception& failure) {
            setup_error() = failure.what();
        }
    }
    static std::string& setup_error() {
        static std::string error;
        return error;
    }
    void SetUp() override {
        SandboxTest::SetUp();
        ASSERT_THAT(setup_error(), IsEmpty());
    }
};

TEST_F(DebianAppsTest, TheLayerHoldsOnlyWhatTheRuntimeLacks) {
    const fs::path files = app_dir() / "files";
    const fs::path runtime = runtime_dir() / "files";
    std::vector<std::string> duplicates;
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
    for (auto it = fs::recursive_directory_iterator(files);
         it != fs::recursive_directory_iterator(); ++it) {
        if (it->is_directory() && !it->is_symlink()) continue;
        const fs::path relative = it->path().lexically_relative(files);
        if (relative == ".ref") continue;  // the deployment's, not the commit's
        ++count;
        if (it->is_regular_file() && !it->is_symlink()) bytes += it->file_size();
        if (same_file(it->path(), runtime / relative)) duplicates.push_back(relative.string());
    }
    std::cout << "layer: " << count << " files and links, " << (bytes >> 20) << " MiB\n";
    EXPECT_THAT(duplicates, IsEmpty());
    EXPECT_GT(count, 1000u);
    // Made by LibreOffice's postinst (ucf): without them it cannot start.
    for (const char* xcd : {"main.xcd", "writer.xcd", "calc.xcd", "impress.xcd"})
        EXPECT_TRUE(fs::is_regular_file(files / "etc/libreoffice/registry" / xcd)) << xcd;
    EXPECT_TRUE(fs::is_regular_file(files / "lib/libreoffice/program/soffice.bin"));
    EXPECT_FALSE(fs::exists(files / "lib/x86_64-linux-gnu/libgtk-3.so.0"));  // the runtime's
    EXPECT_FALSE(fs::exists(files / "etc/ld.so.cache"));
    EXPECT_FALSE(fs::exists(files / "etc/passwd"));
    EXPECT_THAT(read_file(app_dir() / "metadata"), HasSubstr("usr-overlay=true"));
}

TEST_F(DebianAppsTest, ExportsAreNamedAfterTheIdAndValid) {
    const fs::path exports = app_dir() / "export/share";
    EXPECT_THAT(names_in(exports / "applications"),
                ::testing::ElementsAre("org.libreoffice.calc.desktop", "org.libreoffice.desktop",
                                       "org.libreoffice.impress.desktop",
                                       "org.libreoffice.writer.desktop"));
    for (const auto& entry : fs::directory_iterator(exports / "applications")) {
        CommandResult valid = run_command({"desktop-file-validate", entry.path().string()});
        EXPECT_EQ(valid.status, 0) << entry.path() << valid.out << valid.err;
        EXPECT_EQ(valid.out + valid.err, "") << entry.path();
    }
    const std::string writer = read_file(exports / "applications/org.libreoffice.writer.desktop");
    EXPECT_THAT(writer, HasSubstr("\nIcon=org.libreoffice.writer\n"));
    EXPECT_THAT(writer, HasSubstr("\nExec=libreoffice --writer %U\n"));
    for (const char* icon : {"org.libreoffice.png", "org.libreoffice.writer.png",
                             "org.libreoffice.calc.png", "org.libreoffice.impress.png"})
        EXPECT_TRUE(fs::is_regular_file(exports / "icons/hicolor/48x48/apps" / icon)) << icon;
    for (const std::string& name : names_in(exports / "icons"))
        EXPECT_TRUE(name.starts_with("org.libreoffice.")) << name;
    EXPECT_THAT(names_in(exports / "metainfo"),
                ::testing::ElementsAre("org.libreoffice.metainfo.xml"));
    EXPECT_THAT(read_file(exports / "metainfo/org.libreoffice.metainfo.xml"),
                HasSubstr(">org.libreoffice.writer.desktop<"));
    // What the installation exported (Exec rewritten to sandbox run) is valid as well.
    const fs::path installed = debian_apps({kApp}).installation /
                               "exports/share/applications/org.libreoffice.writer.desktop";
    CommandResult valid = run_command({"desktop-file-validate", installed.string()});
    EXPECT_EQ(valid.status, 0) << valid.out << valid.err;
    EXPECT_THAT(read_file(installed), HasSubstr("org.libreoffice --writer"));
}

// fontconfig in the composed view finds the font the app adds (OpenSymbol, in a directory of its
// own under the runtime's truetype/) from the caches made at build time, and writes none.
TEST_F(DebianAppsTest, TheBuildTimeFontCacheCoversTheAppsFonts) {
    const fs::path home = scratch() / "home";
    fs::create_directories(home);
    const std::string runtime = (runtime_dir() / "files").string();
    const std::string app = (app_dir() / "files").string();
    CommandOptions options;
    options.environment = std::vector<std::string>{"PATH=/usr/bin"};
    CommandResult listed = run_command({launcher_path().string(),
                                        "--unshare-all",
                                        "--die-with-parent",
                                        "--clearenv",
                                        "--overlay-src",
                                        runtime,
                                        "--overlay-src",
                                        app,
                                        "--ro-overlay",
                                        "/usr",
                                        "--symlink",
                                        "usr/etc",
                                        "/etc",
                                        "--symlink",
                                        "usr/lib",
                                        "/lib",
                                        "--symlink",
                                        "usr/lib64",
                                        "/lib64",
                                        "--symlink",
                                        "usr/bin",
                                        "/bin",
                                        "--proc",
                                        "/proc",
                                        "--dev",
                                        "/dev",
                                        "--tmpfs",
                                        "/tmp",
                                        "--bind",
                                        home.string(),
                                        "/home/user",
                                        "--setenv",
                                        "HOME",
                                        "/home/user",
                                        "--setenv",
                                        "PATH",
                                        "/usr/bin",
                                        "--",
                                        "/bin/sh",
                                        "-c",
                                        "fc-list : family | grep -x OpenSymbol; fc-list | wc -l; "
                                        "ls -A /home/user/.cache/fontconfig 2>/dev/null | wc -l"},
                                       options);
    ASSERT_EQ(listed.status, 0) << listed.out << listed.err;
    EXPECT_THAT(listed.out, ::testing::StartsWith("OpenSymbol\n")) << listed.err;
    EXPECT_THAT(listed.out, ::testing::EndsWith("\n0\n")) << "fontconfig wrote a cache";
}

}  // namespace
}  // namespace sandbox::test

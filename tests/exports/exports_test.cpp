// Exports through real installs: what lands in BASE/exports/share, what the desktop tools make
// of it, what a hostile export can't do, and a launch from the exported .desktop file.

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <algorithm>

#include "store_fixture.hpp"
#include "support/command.hpp"
#include "support/files.hpp"
#include "support/sandbox.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kDesktop = std::string(kAppId) + ".desktop";

class Exports : public StoreTest {
  protected:
    fs::path exports() const { return base() / "exports/share"; }
    fs::path home() const { return scratch() / "home"; }

    // A new commit of the app with `overlay` (export/…, files/…) laid over the last one.
    void publish_overlay(const fs::path& overlay) {
        const std::string ref = repo().app_ref();
        CommandOptions options;
        options.timeout = std::chrono::seconds(120);
        run_or_throw({"/usr/bin/ostree", "--repo=" + repo().path().string(), "commit",
                      "--branch=" + ref, "--tree=ref=" + ref, "--tree=dir=" + overlay.string(),
                      "--owner-uid=0", "--owner-gid=0"},
                     options);
        options.environment = std::vector<std::string>{
            "PATH=/usr/bin:/bin", "HOME=" + (scratch() / "publisher/home").string()};
        run_or_throw({"/usr/bin/flatpak", "build-update-repo", repo().path().string()}, options);
    }

    fs::path overlay_with_desktop(const std::string& name, const std::string& exec) {
        const fs::path overlay = scratch() / ("overlay-" + name);
        fs::remove_all(overlay);
        write_file(overlay / "export/share/applications" / kDesktop,
                   "[Desktop Entry]\nType=Application\nName=" + name + "\nExec=" + exec +
                       "\nTryExec=probe\nIcon=" + kAppId + "\n",
                   kReadableMode);
        fs::create_directories(overlay / "files/bin");
        fs::copy_file(probe_path(), overlay / "files/bin/probe");
        ::chmod((overlay / "files/bin/probe").c_str(), 0755);
        return overlay;
    }

    void install_app() {
        add_remote("origin", repo().url());
        install(kAppId);
    }
};

TEST_F(Exports, InstallExportsRewrittenValidDesktopFiles) {
    fs::path overlay = overlay_with_desktop("Hello", "probe cat /.flatpak-info %f");
    write_file(
        overlay / "export/share/icons/hicolor/scalable/apps" / (std::string(kAppId) + ".svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n", kReadableMode);
    write_file(overlay / "export/share/dbus-1/services" / (std::string(kAppId) + ".service"),
               "[D-BUS Service]\nName=" + std::string(kAppId) + "\nExec=probe --service\n",
               kReadableMode);
    publish_overlay(overlay);
    install_app();

    const fs::path desktop = exports() / "applications" / kDesktop;
    ASSERT_TRUE(fs::exists(desktop));
    const std::string content = read_file(desktop);
    EXPECT_THAT(content, HasSubstr(" run --installation=" + base().string() +
                                   " --branch=stable --arch=" + repo().arch() +
                                   " --command=probe --file-forwarding " + kAppId +
                                   " cat /.flatpak-info @@ %f @@"));
    EXPECT_THAT(content, HasSubstr("X-Sandbox=" + std::string(kAppId)));
    EXPECT_THAT(content, Not(HasSubstr("TryExec")));
    CommandResult valid = run_command({"/usr/bin/desktop-file-validate", desktop.string()});
    EXPECT_EQ(valid.status, 0) << valid.out << valid.err;
    EXPECT_TRUE(
        fs::exists(exports() / "icons/hicolor/scalable/apps" / (std::string(kAppId) + ".svg")));
    EXPECT_TRUE(fs::exists(exports() / "icons/hicolor/icon-theme.cache"));
    EXPECT_TRUE(fs::exists(exports() / "applications/mimeinfo.cache"));
    EXPECT_THAT(read_file(exports() / "dbus-1/services" / (std::string(kAppId) + ".service")),
                HasSubstr("--command=probe " + std::string(kAppId) + " --service"));
}

TEST_F(Exports, UpdateReplacesAndUninstallRemoves) {
    fs::path overlay = overlay_with_desktop("One", "probe one");
    write_file(overlay / "export/share/applications" / (std::string(kAppId) + ".old.desktop"),
               "[Desktop Entry]\nType=Application\nName=Old\nExec=probe old\n", kReadableMode);
    publish_overlay(overlay);
    install_app();
    EXPECT_TRUE(fs::exists(exports() / "applications" / (std::string(kAppId) + ".old.desktop")));

    repo().export_app(kAppId, "hello from v2");
    publish_overlay(overlay_with_desktop("Two", "probe two"));
    CommandResult updated = sandbox({"update", "-y"});
    ASSERT_EQ(updated.status, 0) << updated.err;
    EXPECT_THAT(read_file(exports() / "applications" / kDesktop), HasSubstr("Name=Two"));
    EXPECT_FALSE(fs::exists(exports() / "applications" / (std::string(kAppId) + ".old.desktop")));
    EXPECT_FALSE(
        fs::is_symlink(exports() / "applications" / (std::string(kAppId) + ".old.desktop")));

    CommandResult removed = sandbox({"uninstall", "-y", kAppId});
    ASSERT_EQ(removed.status, 0) << removed.err;
    EXPECT_FALSE(fs::exists(exports() / "applications" / kDesktop));
    EXPECT_FALSE(fs::is_symlink(exports() / "applications" / kDesktop));
    EXPECT_TRUE(fs::is_empty(base() / "exports/.apps/trees"));
}

TEST_F(Exports, HostileExportIsRefusedOrSanitised) {
    fs::path overlay = overlay_with_desktop("Hi\x1b[2K\xe2\x80\xae", "probe ok");
    const fs::path apps = overlay / "export/share/applications";
    const std::string id = kAppId;
    write_file(apps / (id + ".opt.desktop"),
               "[Desktop Entry]\nType=Application\nName=x\nExec=--filesystem=/ probe\n",
               kReadableMode);
    write_file(apps / (id + ".cmd.desktop"),
               "[Desktop Entry]\nType=Application\nName=x\nExec=--command=sh probe\n",
               kReadableMode);
    write_file(apps / (id + ".fwd.desktop"),
               "[Desktop Entry]\nType=Application\nName=x\nExec=probe @@ " + home().string() +
                   "/secret @@\n",
               kReadableMode);
    write_file(apps / "org.gnome.Nautilus.desktop",
               "[Desktop Entry]\nType=Application\nName=Files\nExec=probe\n", kReadableMode);
    fs::create_symlink("/etc/passwd", apps / (id + ".link.desktop"));
    write_file(apps / (id + ".big.desktop"),
               "[Desktop Entry]\nType=Application\nName=x\nExec=probe\nComment=" +
                   std::string(10 << 20, 'a') + "\n",
               kReadableMode);
    publish_overlay(overlay);
    write_file(home() / "secret", "s", kReadableMode);

    add_remote("origin", repo().url());
    const auto home_before = snapshot_of(home());
    CommandResult installed = sandbox({"install", "-y", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.err;
    for (const char* name :
         {".opt.desktop", ".cmd.desktop", ".fwd.desktop", ".link.desktop", ".big.desktop"})
        EXPECT_THAT(installed.err, HasSubstr(id + name)) << name;
    EXPECT_THAT(installed.err, HasSubstr("org.gnome.Nautilus.desktop"));
    EXPECT_THAT(installed.err, Not(HasSubstr("\x1b")));

    std::vector<std::string> exported;
    for (const auto& entry : fs::directory_iterator(exports() / "applications"))
        if (entry.path().extension() == ".desktop") exported.push_back(entry.path().filename());
    EXPECT_EQ(exported, std::vector<std::string>{kDesktop});
    const std::string content = read_file(exports() / "applications" / kDesktop);
    EXPECT_THAT(content, HasSubstr("Name=Hi[2K\n"));
    // Everything under share/ leads into the exports directory and to a regular file.
    for (auto it = fs::recursive_directory_iterator(exports());
         it != fs::recursive_directory_iterator(); ++it) {
        if (!it->is_symlink()) continue;
        const fs::path target = fs::canonical(it->path());
        EXPECT_TRUE(target.string().starts_with(fs::canonical(base() / "exports").string()))
            << it->path();
        EXPECT_TRUE(fs::is_regular_file(target)) << it->path();
    }
    // Outside the exports, only what an install itself changes: nothing in HOME but the notice.
    auto home_after = snapshot_of(home());
    std::erase_if(home_after, [](const std::string& e) {
        return e.find("exports-notice") != std::string::npos;
    });
    EXPECT_EQ(snapshot_changes(home_before, home_after), "");
}

// S31, S44: an app cannot claim another service's bus name or take over a MIME type by content.
TEST_F(Exports, ServicesOfOtherNamesAndMimeMagicAreNotExported) {
    fs::path overlay = overlay_with_desktop("Hello", "probe ok");
    const std::string id = kAppId;
    const fs::path services = overlay / "export/share/dbus-1/services";
    write_file(services / "org.freedesktop.Notifications.service",
               "[D-BUS Service]\nName=org.freedesktop.Notifications\nExec=probe\n", kReadableMode);
    write_file(services / (id + ".service"),
               "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=probe\n", kReadableMode);
    write_file(services / (id + ".Helper.service"),
               "[D-BUS Service]\nName=" + id + ".Helper\nExec=probe --helper\nUser=root\n",
               kReadableMode);
    write_file(overlay / "export/share/mime/packages" / (id + ".xml"),
               "<?xml version=\"1.0\"?>\n<mime-info "
               "xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\">\n"
               "<mime-type type=\"text/plain\"><glob pattern=\"*.txt\" weight=\"100\"/>"
               "<magic priority=\"100\"><match type=\"string\" offset=\"0\" value=\"a\"/>"
               "</magic></mime-type></mime-info>\n",
               kReadableMode);
    publish_overlay(overlay);
    install_app();

    std::vector<std::string> exported;
    for (const auto& entry : fs::directory_iterator(exports() / "dbus-1/services"))
        exported.push_back(entry.path().filename());
    EXPECT_EQ(exported, std::vector<std::string>{id + ".Helper.service"});
    const std::string helper = read_file(exports() / "dbus-1/services" / (id + ".Helper.service"));
    EXPECT_THAT(helper, HasSubstr("\nExec=" + std::string(STORE_TEST_SANDBOX) + " run "));
    EXPECT_THAT(helper, HasSubstr(" --command=probe " + id + " --helper\n"));
    EXPECT_THAT(helper, Not(HasSubstr("User")));
    const std::string mime = read_file(exports() / "mime/packages" / (id + ".xml"));
    EXPECT_THAT(mime, Not(HasSubstr("magic")));
    EXPECT_THAT(mime, HasSubstr("<glob pattern=\"*.txt\" weight=\"5\"/>"));
}

TEST_F(Exports, GioLaunchRunsTheAppSandboxed) {
    publish_overlay(overlay_with_desktop("Hello", "probe cat /.flatpak-info"));
    install_app();
    CommandOptions options;
    options.environment = environment({"XDG_DATA_DIRS=" + exports().string() + ":/usr/share"});
    options.timeout = std::chrono::seconds(60);
    // gio launch returns once the app is started; the app writes to the same stdout.
    CommandResult launched = run_command({"/bin/sh", "-c", "gio launch \"$0\"; sleep 3",
                                          (exports() / "applications" / kDesktop).string()},
                                         options);
    EXPECT_EQ(launched.status, 0) << launched.err;
    EXPECT_THAT(launched.out, HasSubstr("name=" + std::string(kAppId))) << launched.err;
}

TEST_F(Exports, InstallNamesExportsOffXdgDataDirsOnce) {
    publish_overlay(overlay_with_desktop("Hello", "probe ok"));
    add_remote("origin", repo().url());
    const std::string notice = "The desktop will not show the apps exported to " +
                               exports().string() + " until XDG_DATA_DIRS holds it";
    CommandOptions off;
    off.environment = environment({"XDG_DATA_DIRS=/usr/share"});
    CommandResult first = sandbox({"install", "-y", kAppId}, off);
    ASSERT_EQ(first.status, 0) << first.err;
    EXPECT_THAT(first.err, HasSubstr("sandbox: warning: " + notice)) << first.err;
    EXPECT_EQ(first.err.find(notice), first.err.rfind(notice)) << "one line";

    ASSERT_EQ(sandbox({"uninstall", "-y", kAppId}).status, 0);
    CommandResult again = sandbox({"install", "-y", kAppId}, off);
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_THAT(again.err, Not(HasSubstr("XDG_DATA_DIRS"))) << "given once";
}

TEST_F(Exports, InstallIsSilentWhenTheExportsAreOnXdgDataDirs) {
    publish_overlay(overlay_with_desktop("Hello", "probe ok"));
    add_remote("origin", repo().url());
    CommandOptions on;
    on.environment = environment({"XDG_DATA_DIRS=" + exports().string() + ":/usr/share"});
    CommandResult installed = sandbox({"install", "-y", kAppId}, on);
    ASSERT_EQ(installed.status, 0) << installed.err;
    EXPECT_THAT(installed.err, Not(HasSubstr("XDG_DATA_DIRS"))) << installed.err;
    EXPECT_FALSE(fs::exists(home() / ".local/state/sandbox/exports-notice"));
}

TEST_F(Exports, LoginScriptsPutTheExportsOnXdgDataDirs) {
    CommandOptions options;
    options.environment = std::vector<std::string>{"HOME=/home/u", "PATH=/usr/bin:/bin"};
    CommandResult shell = run_command(
        {"/bin/sh", "-c", ". \"$0\"; echo \"$XDG_DATA_DIRS\"", EXPORTS_TEST_PROFILE_SNIPPET},
        options);
    EXPECT_THAT(shell.out, HasSubstr("/home/u/.local/share/sandbox/exports/share:"));
    EXPECT_THAT(shell.out, HasSubstr("/exports/share:/usr/local/share:/usr/share\n"));
    options.environment->push_back("XDG_DATA_DIRS=/home/u/.local/share/sandbox/exports/share:/x");
    shell = run_command({"/bin/sh", "-c", ". \"$0\"; . \"$0\"; echo \"$XDG_DATA_DIRS\"",
                         EXPORTS_TEST_PROFILE_SNIPPET},
                        options);
    EXPECT_EQ(std::count(shell.out.begin(), shell.out.end(), ':'), 2) << shell.out;
}

}  // namespace
}  // namespace sandbox::test::store

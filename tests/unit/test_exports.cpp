// The exports' pure parts: the Exec line rebuilt from an app's hostile Exec, the names an app
// may export, the display text cleaned, the .desktop/.service/MIME rewrites.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sandbox/exports/display_text.hpp"
#include "sandbox/exports/exec_line.hpp"
#include "sandbox/exports/export_names.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {
namespace {

const LaunchCommand kLaunch{"/usr/bin/sandbox", {"--user", "--branch=stable"}, "org.test.App"};
const std::string kPrefix = "/usr/bin/sandbox run --user --branch=stable ";

std::string rewritten_exec(const std::string& exec) {
    auto line = parse_app_exec(exec, FieldCodes::FileForwarding);
    if (!line) return "error: " + line.error().message();
    return format_exec(kLaunch, *line);
}

TEST(ExportsExec, PlainCommand) {
    EXPECT_EQ(rewritten_exec("app"), kPrefix + "--command=app org.test.App");
    EXPECT_EQ(rewritten_exec("/app/bin/app --new-window"),
              kPrefix + "--command=/app/bin/app org.test.App --new-window");
}

TEST(ExportsExec, QuotedArgumentsStayOneArgumentEach) {
    EXPECT_EQ(rewritten_exec("app \"two words\" 'single $x'"),
              kPrefix + "--command=app org.test.App \"two words\" \"single \\$x\"");
    EXPECT_EQ(rewritten_exec("app 100%%"), kPrefix + "--command=app org.test.App 100%%");
}

TEST(ExportsExec, FileFieldCodesBecomeForwardingMarkers) {
    EXPECT_EQ(rewritten_exec("app %f"),
              kPrefix + "--command=app --file-forwarding org.test.App @@ %f @@");
    EXPECT_EQ(rewritten_exec("app %F"),
              kPrefix + "--command=app --file-forwarding org.test.App @@ %F @@");
    EXPECT_EQ(rewritten_exec("app --open %u"),
              kPrefix + "--command=app --file-forwarding org.test.App --open @@u %u @@");
    EXPECT_EQ(rewritten_exec("app %U"),
              kPrefix + "--command=app --file-forwarding org.test.App @@u %U @@");
}

TEST(ExportsExec, OptionsBeforeTheIdAreRefused) {
    EXPECT_NE(rewritten_exec("--filesystem=/ app").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("--command=sh app").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec(" -x app").find("error"), std::string::npos);
    // Options the app gives itself land after the ID, where `sandbox run` passes them on.
    EXPECT_EQ(rewritten_exec("app --filesystem=/ --command=sh"),
              kPrefix + "--command=app org.test.App --filesystem=/ --command=sh");
}

TEST(ExportsExec, ForwardingTokensFromTheAppAreRefused) {
    EXPECT_NE(rewritten_exec("app @@ /home/u/.ssh/id_rsa @@").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app @@u %u @@").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app %f %u").find("error"), std::string::npos);
    EXPECT_EQ(rewritten_exec("app --file-forwarding"),
              kPrefix + "--command=app org.test.App --file-forwarding");
}

TEST(ExportsExec, OtherFieldCodesAreDropped) {
    auto line = parse_app_exec("app %k --name=%c %i keep", FieldCodes::FileForwarding);
    ASSERT_TRUE(line) << line.error().message();
    EXPECT_EQ(line->args, std::vector<std::string>{"keep"});
    EXPECT_EQ(line->dropped.size(), 3u);
    EXPECT_NE(rewritten_exec("%k").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app%c").find("error"), std::string::npos);
}

TEST(ExportsExec, ControlCharactersAndBadQuotingAreRefused) {
    EXPECT_NE(rewritten_exec("app\n--filesystem=/").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app \x1b[2K").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app \"unterminated").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("").find("error"), std::string::npos);
    EXPECT_NE(rewritten_exec("app " + std::string(5000, 'a')).find("error"), std::string::npos);
}

TEST(ExportsExec, ServiceExecTakesNoFieldCodes) {
    EXPECT_FALSE(parse_app_exec("app %u", FieldCodes::None));
    EXPECT_TRUE(parse_app_exec("app --gapplication-service", FieldCodes::None));
}

TEST(ExportsExec, QuotingRoundTripsThroughGLib) {
    const std::vector<std::string> words{"a b",   "q\"uote",    "back\\slash", "dollar$x",
                                         "tick`", "semi;colon", "plain",       ""};
    std::string line;
    for (const auto& word : words) line += quote_exec_argument(word) + " ";
    auto parsed = parse_app_exec("cmd " + line, FieldCodes::None);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->args, words);
}

TEST(ExportsNames, OnlyFilesNamedAfterTheApp) {
    const std::string id = "org.test.App";
    EXPECT_TRUE(is_exportable_desktop_file("org.test.App.desktop", id));
    EXPECT_TRUE(is_exportable_desktop_file("org.test.App.extra.desktop", id));
    EXPECT_TRUE(is_exportable_desktop_file("org.test.App-editor.desktop", id));
    EXPECT_FALSE(is_exportable_desktop_file("org.gnome.Nautilus.desktop", id));
    EXPECT_FALSE(is_exportable_desktop_file("org.test.AppX.desktop", id));
    EXPECT_FALSE(is_exportable_desktop_file("org.test.App.desktop.bak", id));
    EXPECT_FALSE(is_exportable_desktop_file("org.test.App..desktop", id));
    EXPECT_TRUE(is_exportable_icon("org.test.App.png", id));
    EXPECT_TRUE(is_exportable_icon("org.test.App-symbolic.svg", id));
    EXPECT_FALSE(is_exportable_icon("org.test.App.ico", id));
    EXPECT_FALSE(is_exportable_icon("firefox.png", id));
    EXPECT_TRUE(is_exportable_metainfo("org.test.App.metainfo.xml", id));
    EXPECT_TRUE(is_exportable_metainfo("org.test.App.appdata.xml", id));
    EXPECT_FALSE(is_exportable_metainfo("org.other.metainfo.xml", id));
    EXPECT_TRUE(is_exportable_mime_package("org.test.App.xml", id));
    EXPECT_FALSE(is_exportable_mime_package("freedesktop.org.xml", id));
    EXPECT_TRUE(is_exportable_dbus_service("org.test.App.service", id));
    EXPECT_TRUE(is_exportable_dbus_service("org.test.App.Helper.service", id));
    EXPECT_FALSE(is_exportable_dbus_service("org.freedesktop.Notifications.service", id));
    EXPECT_FALSE(is_exportable_dbus_service("org.test.AppX.service", id));
    EXPECT_TRUE(is_icon_size_directory("48x48"));
    EXPECT_TRUE(is_icon_size_directory("256x256@2"));
    EXPECT_TRUE(is_icon_size_directory("scalable"));
    EXPECT_FALSE(is_icon_size_directory(".."));
    EXPECT_FALSE(is_icon_size_directory("48x32"));
}

TEST(ExportsDisplayText, EscapesAndBidiOverridesAreRemoved) {
    EXPECT_EQ(clean_display_text("Files\x1b[2K\r"), "Files[2K");
    EXPECT_EQ(clean_display_text("abc\u202Efdp.exe"), "abcfdp.exe");
    EXPECT_EQ(clean_display_text("C1\u009bhere"), "C1here");
    EXPECT_EQ(clean_display_text("Éditeur ✓"), "Éditeur ✓");
    EXPECT_TRUE(has_disguising_characters("a\u2066b"));
    EXPECT_FALSE(has_disguising_characters("plain"));
}

TEST(ExportsDesktopFile, RewrittenFromTheAppsFile) {
    const std::string app_file =
        "[Desktop Entry]\nType=Application\nName=Test\nName[de]=Te\u202est\nComment=Hi\n"
        "Exec=app %U\nTryExec=app\nDBusActivatable=true\nX-Flatpak=org.other\nIcon=/etc/shadow\n"
        "Actions=new;\n\n[Desktop Action new]\nName=New\nExec=app --new\n\n[X-Evil]\nExec=x\n";
    auto result = rewrite_desktop_file(app_file, kLaunch);
    ASSERT_TRUE(result) << result.error().message();
    const std::string& out = result->content;
    EXPECT_NE(
        out.find("Exec=" + kPrefix + "--command=app --file-forwarding org.test.App @@u %U @@"),
        std::string::npos)
        << out;
    EXPECT_NE(out.find("Exec=" + kPrefix + "--command=app org.test.App --new"), std::string::npos);
    EXPECT_NE(out.find("X-Sandbox=org.test.App"), std::string::npos);
    for (const char* gone : {"TryExec", "DBusActivatable", "X-Flatpak", "Icon=", "[X-Evil]"})
        EXPECT_EQ(out.find(gone), std::string::npos) << gone << "\n" << out;
}

TEST(ExportsDesktopFile, EscapesInNameAreCleaned) {
    auto result = rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=Good\u202e\x1b[1A\nExec=app\n", kLaunch);
    // A raw ESC in a key file line: GKeyFile keeps it; we drop it from the Name.
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->content.find('\x1b'), std::string::npos);
    EXPECT_EQ(result->content.find("\u202e"), std::string::npos);
    EXPECT_FALSE(result->warnings.empty());
}

TEST(ExportsDesktopFile, HostileFilesAreRefused) {
    EXPECT_FALSE(
        rewrite_desktop_file("[Desktop Entry]\nType=Link\nName=x\nURL=file:///\n", kLaunch));
    EXPECT_FALSE(rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=x\nExec=app @@ /etc/passwd @@\n", kLaunch));
    EXPECT_FALSE(rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=x\nExec=--filesystem=/ app\n", kLaunch));
    EXPECT_FALSE(rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=x\nExec=app\\n--filesystem=/\n", kLaunch));
    EXPECT_FALSE(
        rewrite_desktop_file("[Desktop Entry]\nType=Application\nName=\x1b\nExec=app\n", kLaunch));
    EXPECT_FALSE(rewrite_desktop_file("not a key file\n", kLaunch));
}

TEST(ExportsDBusService, OnlyTheAppsNamesAndExecRebuilt) {
    auto ok = rewrite_dbus_service(
        "[D-BUS Service]\nName=org.test.App\nExec=/app/bin/app --service\nUser=root\n",
        "org.test.App.service", kLaunch);
    ASSERT_TRUE(ok) << ok.error().message();
    EXPECT_NE(ok->content.find("Exec=" + kPrefix + "--command=/app/bin/app org.test.App --service"),
              std::string::npos)
        << ok->content;
    EXPECT_EQ(ok->content.find("User"), std::string::npos);
    EXPECT_FALSE(rewrite_dbus_service("[D-BUS Service]\nName=org.freedesktop.Secrets\nExec=x\n",
                                      "org.test.App.service", kLaunch));
    EXPECT_FALSE(rewrite_dbus_service("[D-BUS Service]\nName=org.test.App\nExec=x %u\n",
                                      "org.test.App.service", kLaunch));
}

TEST(ExportsMime, MagicDroppedAndGlobWeightLowered) {
    auto result = rewrite_mime_package(
        "<?xml version=\"1.0\"?>\n<mime-info "
        "xmlns=\"http://www.freedesktop.org/standards/shared-mime-info\">\n"
        "<mime-type type=\"application/x-test\"><comment>Test &amp; co</comment>"
        "<glob pattern=\"*.tst\" weight=\"100\"/><magic priority=\"100\"><match type=\"string\" "
        "offset=\"0\" value=\"x\"/></magic><sub-class-of type=\"text/plain\"/></mime-type>"
        "<mime-type type=\"bad type\"/></mime-info>\n");
    ASSERT_TRUE(result) << result.error().message();
    const std::string& out = result->content;
    EXPECT_EQ(out.find("magic"), std::string::npos) << out;
    EXPECT_NE(out.find("<glob pattern=\"*.tst\" weight=\"5\"/>"), std::string::npos) << out;
    EXPECT_NE(out.find("<comment>Test &amp; co</comment>"), std::string::npos) << out;
    EXPECT_EQ(out.find("bad type"), std::string::npos);
    EXPECT_FALSE(rewrite_mime_package("<other/>"));
    EXPECT_FALSE(rewrite_mime_package("<mime-info>"));
}

}  // namespace
}  // namespace sandbox::exports

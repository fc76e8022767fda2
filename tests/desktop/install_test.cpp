// `cmake --install` of the desktop's parts (docs/EXPORTS.md): the login scripts land where the
// login machinery looks and put both exports directories on XDG_DATA_DIRS once; the portal's D-Bus
// activation files and its systemd user unit name the installed portal, and systemd accepts the
// unit. The install scripts of desktop-integration/ and portals/ are what `cmake --install` runs
// for those directories; they are run directly because `cmake --install BUILD` also writes
// BUILD/install_manifest.txt, which the test user may not write.
#include <gmock/gmock.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/command.hpp"
#include "support/files.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kUserExports = "/home/u/.local/share/sandbox/exports/share";
const std::string kSystemExports = std::string(DESKTOP_TEST_SYSTEM_INSTALLATION) + "/exports/share";
const char* const kPortalNames[] = {"org.freedesktop.portal.Desktop",
                                    "org.freedesktop.portal.Documents",
                                    "org.freedesktop.impl.portal.PermissionStore"};

class DesktopInstall : public SandboxTest {
  protected:
    // The install scripts of `directories` (relative to the build tree) with this prefix, and
    // DESTDIR when `destdir` is not empty.
    void install(const std::string& prefix, const fs::path& destdir = {},
                 const std::vector<std::string>& directories = {"desktop-integration"}) {
        CommandOptions options;
        options.environment = std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=" + home()};
        if (!destdir.empty()) options.environment->push_back("DESTDIR=" + destdir.string());
        options.timeout = 120s;
        for (const std::string& directory : directories) {
            const fs::path script =
                fs::path(DESKTOP_TEST_BUILD_DIR) / directory / "cmake_install.cmake";
            CommandResult installed = run_command(
                {DESKTOP_TEST_CMAKE, "-DCMAKE_INSTALL_PREFIX=" + prefix, "-P", script.string()},
                options);
            ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
        }
    }

    [[nodiscard]] std::string home() const { return (scratch() / "home").string(); }

    // `script` run by /bin/sh with only HOME and PATH (and `extra`) set; its stdout.
    static std::string clean_shell(const std::string& script, const std::string& argument,
                                   const std::vector<std::string>& extra = {}) {
        CommandOptions options;
        options.environment = std::vector<std::string>{"HOME=/home/u", "PATH=/usr/bin:/bin"};
        options.environment->insert(options.environment->end(), extra.begin(), extra.end());
        CommandResult result = run_command({"/bin/sh", "-c", script, argument}, options);
        EXPECT_EQ(result.status, 0) << result.err;
        EXPECT_EQ(result.err, "");
        return result.out;
    }
};

bool executable_by_all(const fs::path& path) {
    struct stat status {};
    return ::stat(path.c_str(), &status) == 0 && S_ISREG(status.st_mode) &&
           (status.st_mode & 0111) == 0111;
}

TEST_F(DesktopInstall, LoginScriptsLandWhereLoginsLookUnderAnyPrefix) {
    const fs::path prefix = scratch() / "prefix";
    install(prefix.string());
    ASSERT_FALSE(HasFatalFailure());
    const fs::path snippet = prefix / "etc/profile.d/sandbox.sh";
    const fs::path generator = prefix / "lib/systemd/user-environment-generators/60-sandbox";
    EXPECT_TRUE(fs::is_regular_file(snippet));
    EXPECT_TRUE(executable_by_all(generator)) << "systemd runs only executable generators";
    // The generator reads the snippet of its own install, not the configured prefix's.
    EXPECT_THAT(read_file(generator), HasSubstr(". \"" + snippet.string() + "\""));
}

TEST_F(DesktopInstall, ASystemPrefixPutsTheSnippetInEtcProfileD) {
    const fs::path root = scratch() / "destdir";
    install("/usr", root);
    ASSERT_FALSE(HasFatalFailure());
    EXPECT_TRUE(fs::is_regular_file(root / "etc/profile.d/sandbox.sh"));
    const fs::path generator = root / "usr/lib/systemd/user-environment-generators/60-sandbox";
    EXPECT_TRUE(executable_by_all(generator));
    EXPECT_THAT(read_file(generator), HasSubstr(". \"/etc/profile.d/sandbox.sh\""));
    EXPECT_THAT(read_file(root / "usr/lib/systemd/user/sandbox-portal.service"),
                HasSubstr("\nExecStart=/usr/libexec/sandbox-portal\n"));
    EXPECT_FALSE(fs::exists(root / "usr/etc")) << "nothing where no login looks";
    EXPECT_FALSE(fs::exists(root / "usr/share/systemd")) << "the unit is in lib/ for /usr";
}

TEST_F(DesktopInstall, SnippetPutsBothExportsOnXdgDataDirsOnce) {
    const fs::path prefix = scratch() / "prefix";
    install(prefix.string());
    ASSERT_FALSE(HasFatalFailure());
    const std::string snippet = (prefix / "etc/profile.d/sandbox.sh").string();
    const std::string exports = std::string(kUserExports) + ":" + kSystemExports;

    EXPECT_EQ(clean_shell(". \"$0\"; echo \"$XDG_DATA_DIRS\"", snippet),
              exports + ":/usr/local/share:/usr/share\n")
        << "unset: the spec's default kept behind the exports";
    EXPECT_EQ(clean_shell(". \"$0\"; . \"$0\"; echo \"$XDG_DATA_DIRS\"", snippet),
              exports + ":/usr/local/share:/usr/share\n")
        << "sourced twice: each directory once";
    EXPECT_EQ(
        clean_shell(". \"$0\"; echo \"$XDG_DATA_DIRS\"", snippet, {"XDG_DATA_DIRS=/opt/share"}),
        exports + ":/opt/share\n");
    EXPECT_EQ(clean_shell(". \"$0\"; echo \"$XDG_DATA_DIRS\"", snippet,
                          {"XDG_DATA_DIRS=/usr/share:" + kSystemExports}),
              std::string(kUserExports) + ":/usr/share:" + kSystemExports + "\n")
        << "one already there stays where it was";
    EXPECT_EQ(clean_shell(". \"$0\"; echo \"$XDG_DATA_DIRS\"", snippet, {"XDG_DATA_HOME=/data/u"}),
              "/data/u/sandbox/exports/share:" + kSystemExports + ":/usr/local/share:/usr/share\n");
}

TEST_F(DesktopInstall, GeneratorGivesTheUserManagerBothExportsOnce) {
    const fs::path prefix = scratch() / "prefix";
    install(prefix.string());
    ASSERT_FALSE(HasFatalFailure());
    const std::string generator =
        (prefix / "lib/systemd/user-environment-generators/60-sandbox").string();
    const std::string exports = std::string(kUserExports) + ":" + kSystemExports;

    EXPECT_EQ(clean_shell("\"$0\"", generator),
              "XDG_DATA_DIRS=" + exports + ":/usr/local/share:/usr/share\n");
    // systemd runs the generators with what the earlier ones gave: run again on its own output.
    EXPECT_EQ(clean_shell("\"$0\"", generator,
                          {"XDG_DATA_DIRS=" + exports + ":/usr/local/share:/usr/share"}),
              "XDG_DATA_DIRS=" + exports + ":/usr/local/share:/usr/share\n");
}

TEST_F(DesktopInstall, PortalActivationNamesTheInstalledPortalAndItsUnit) {
    const fs::path prefix = scratch() / "prefix";
    install(prefix.string(), {}, {"desktop-integration", "portals"});
    ASSERT_FALSE(HasFatalFailure());
    const std::string portal = (prefix / "libexec/sandbox-portal").string();
    EXPECT_TRUE(executable_by_all(portal));
    for (const char* name : kPortalNames) {
        const std::string service =
            read_file(prefix / "share/dbus-1/services" / (std::string(name) + ".service"));
        EXPECT_EQ(service, "[D-BUS Service]\nName=" + std::string(name) + "\nExec=" + portal +
                               "\nSystemdService=sandbox-portal.service\n");
    }
    // Any prefix but the system's: where a ~/.local install is found, $XDG_DATA_HOME/systemd/user.
    const fs::path unit = prefix / "share/systemd/user/sandbox-portal.service";
    const std::string content = read_file(unit);
    EXPECT_THAT(content, HasSubstr("\nType=dbus\n"));
    EXPECT_THAT(content, HasSubstr("\nBusName=org.freedesktop.portal.Desktop\n"));
    EXPECT_THAT(content, HasSubstr("\nExecStart=" + portal + "\n"));
}

TEST_F(DesktopInstall, SystemdAcceptsThePortalUnit) {
    if (!fs::exists("/usr/bin/systemd-analyze")) GTEST_SKIP() << "no systemd-analyze (systemd)";
    const fs::path prefix = scratch() / "prefix";
    install(prefix.string(), {}, {"desktop-integration", "portals"});
    ASSERT_FALSE(HasFatalFailure());
    const fs::path runtime = scratch() / "run";
    fs::create_directories(runtime);
    fs::permissions(runtime, fs::perms::owner_all);
    CommandOptions options;
    options.environment = std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=" + home(),
                                                   "XDG_RUNTIME_DIR=" + runtime.string()};
    const fs::path unit = prefix / "share/systemd/user/sandbox-portal.service";
    CommandResult verified =
        run_command({"/usr/bin/systemd-analyze", "--user", "verify", unit.string()}, options);
    EXPECT_EQ(verified.status, 0) << verified.err;
    EXPECT_EQ(verified.err, "") << "warnings (unknown keys, a missing ExecStart) are failures";

    // The check itself: a unit naming a program that is not there is refused.
    const fs::path broken = scratch() / "broken/sandbox-portal.service";
    std::string text = read_file(unit);
    text.replace(text.find("ExecStart=") + 10, 1, "/nonexistent/");
    write_file(broken, text, kReadableMode);
    verified =
        run_command({"/usr/bin/systemd-analyze", "--user", "verify", broken.string()}, options);
    EXPECT_NE(verified.status, 0) << verified.err;
}

}  // namespace
}  // namespace sandbox::test

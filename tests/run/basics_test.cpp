// `sandbox run` end to end: the app runs, sees its runtime and itself read-only, its own data
// directory writable, the network only when shared, /.flatpak-info, a scrubbed environment.

#include <gmock/gmock.h>
#include <unistd.h>

#include <fstream>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RunBasics : public RunTest {};

std::string host_namespace(const char* name) {
    char target[256];
    const ssize_t length =
        ::readlink((std::string("/proc/self/ns/") + name).c_str(), target, sizeof target);
    return length > 0 ? std::string(target, length) : "";
}

TEST_F(RunBasics, TheAppPrintsItsLine) {
    CommandResult result =
        sandbox({"run", "--installation=" + installation_dir().string(), kAppId, "one", "two"});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kGreeting) + " one two\n");
}

TEST_F(RunBasics, UserAndSystemInstallationsAreSearched) {
    // Not installed for this user or the system: one line naming the app.
    CommandResult result = sandbox({"run", kAppId});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("org.test.Hello"));
    EXPECT_THAT(result.err, HasSubstr("not installed"));
    // Installed as the user's: found without naming the installation.
    std::filesystem::create_directories(home() / ".local/share");
    std::filesystem::create_directory_symlink(installation_dir(), home() / ".local/share/sandbox");
    result = sandbox({"run", kAppId});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kGreeting) + " \n");
}

TEST_F(RunBasics, ArgumentsAfterTheAppAreTheAppsEvenWhenTheyLookLikeOptions) {
    CommandResult result = sandbox({"run", "--installation=" + installation_dir().string(), kAppId,
                                    "--filesystem=host", "--command=x", "-d"});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kGreeting) + " --filesystem=host --command=x -d\n");
}

// CVE-2024-32462: a command that looks like a launcher option is run (and not found), never
// taken as an option.
TEST_F(RunBasics, CommandThatLooksLikeAnOptionIsNotOne) {
    CommandResult result = sandbox({"run", "--installation=" + installation_dir().string(),
                                    "--command=--tmpfs", kAppId, "/blah", "hello"});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("--tmpfs"));
    EXPECT_EQ(result.out, "");
}

TEST_F(RunBasics, RuntimeAndAppAreReadOnly) {
    EXPECT_EQ(value_of(probe_app({}, {"write", "/usr/planted"}), "write"), "EROFS");
    EXPECT_EQ(value_of(probe_app({}, {"write", "/app/planted"}), "write"), "EROFS");
    EXPECT_EQ(value_of(probe_app({}, {"mkdir", "/app/bin/x"}), "mkdir"), "EROFS");
    EXPECT_EQ(value_of(probe_app({}, {"write", "/etc/passwd"}), "write"), "EROFS");
    auto usr = probe_app({}, {"stat", "/usr/bin/bash"});
    EXPECT_EQ(value_of(usr, "type"), "file");
    auto bin = probe_app({}, {"stat", "/bin"});
    EXPECT_EQ(value_of(bin, "target"), "usr/bin");
}

TEST_F(RunBasics, OnlyTheAppsOwnDirectoryReachesTheHost) {
    const std::string data = app_dir().string() + "/data/written";
    EXPECT_EQ(value_of(probe_app({}, {"write", data}), "write"), "ok");
    EXPECT_TRUE(std::filesystem::exists(data));
    EXPECT_EQ(value_of(probe_app({}, {"write", "/var/config/via-var"}), "write"), "ok");
    EXPECT_TRUE(std::filesystem::exists(app_dir() / "config/via-var"));
    // Elsewhere writes land in the sandbox's own scratch space and vanish with it.
    EXPECT_EQ(value_of(probe_app({}, {"write", home().string() + "/stray"}), "write"), "ok");
    EXPECT_EQ(value_of(probe_app({}, {"write", "/tmp/stray"}), "write"), "ok");
    EXPECT_EQ(tree_of(home()),
              (std::vector<std::string>{
                  ".var", ".var/app", ".var/app/org.test.Hello", ".var/app/org.test.Hello/.ld.so",
                  ".var/app/org.test.Hello/.ld.so/" + ld_cache_name(),
                  ".var/app/org.test.Hello/.local", ".var/app/org.test.Hello/.local/state",
                  ".var/app/org.test.Hello/cache", ".var/app/org.test.Hello/cache/tmp",
                  ".var/app/org.test.Hello/config", ".var/app/org.test.Hello/config/via-var",
                  ".var/app/org.test.Hello/data", ".var/app/org.test.Hello/data/written"}));
}

TEST_F(RunBasics, NoNetworkUnlessShared) {
    auto isolated = probe_app({}, {"stat", "/proc/self/ns/net"});
    EXPECT_NE(value_of(isolated, "target"), host_namespace("net"));
    // As in Flatpak, the host's resolver files are there even without the network.
    EXPECT_EQ(value_of(probe_app({}, {"stat", "/etc/resolv.conf"}), "exists"),
              std::filesystem::exists("/etc/resolv.conf") ? "1" : "0");

    auto shared = probe_app({"--share=network"}, {"stat", "/proc/self/ns/net"});
    EXPECT_EQ(value_of(shared, "target"), host_namespace("net"));
    if (std::filesystem::exists("/etc/resolv.conf")) {
        auto resolv = probe_app({"--share=network"}, {"stat", "/etc/resolv.conf"});
        EXPECT_EQ(value_of(resolv, "exists"), "1");
    }
}

TEST_F(RunBasics, IpcIsPrivateUnlessShared) {
    EXPECT_NE(value_of(probe_app({}, {"stat", "/proc/self/ns/ipc"}), "target"),
              host_namespace("ipc"));
    EXPECT_EQ(value_of(probe_app({"--share=ipc"}, {"stat", "/proc/self/ns/ipc"}), "target"),
              host_namespace("ipc"));
}

TEST_F(RunBasics, FlatpakInfoSaysWhoTheAppIsAndIsReadOnly) {
    CommandResult result = run_probe_app({"--share=network"}, {"cat", "/.flatpak-info"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("[Application]\nname=org.test.Hello\nruntime=runtime/" +
                                      std::string(kRuntimeId) + "/"));
    EXPECT_THAT(result.out, HasSubstr("[Instance]\ninstance-id="));
    EXPECT_THAT(result.out, HasSubstr("app-path=" + installation_dir().string() + "/app/"));
    EXPECT_THAT(result.out, HasSubstr("runtime-path=" + installation_dir().string()));
    EXPECT_THAT(result.out, HasSubstr("app-commit=" + kAppCommit + "\n"));
    EXPECT_THAT(result.out, HasSubstr("runtime-commit=" + kRuntimeCommit + "\n"));
    EXPECT_THAT(result.out, HasSubstr("branch=stable\n"));
    EXPECT_THAT(result.out, HasSubstr("[Context]\nshared=network;\n"));
    EXPECT_EQ(value_of(probe_app({}, {"write", "/.flatpak-info"}), "write"), "EROFS");
    auto link =
        probe_app({}, {"stat", "/run/user/" + std::to_string(::getuid()) + "/flatpak-info"});
    EXPECT_EQ(value_of(link, "target"), "../../../.flatpak-info");
}

TEST_F(RunBasics, PasswdAndGroupAreTheUsers) {
    CommandResult result = run_probe_app({}, {"cat", "/etc/passwd"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr(":x:" + std::to_string(::getuid()) + ":" +
                                      std::to_string(::getgid()) + ":"));
    EXPECT_THAT(result.out, HasSubstr(":" + home().string() + ":/bin/sh\n"));
    EXPECT_THAT(result.out, HasSubstr("nfsnobody:x:65534"));
}

// S25: what the caller's environment may not carry in.
TEST_F(RunBasics, EnvironmentIsScrubbed) {
    auto report =
        probe_app({}, {"env"},
                  {"LD_PRELOAD=/nonexistent/preload.so", "LD_LIBRARY_PATH=/opt/lib",
                   "LD_AUDIT=/nonexistent/audit.so", "TMPDIR=/tmp/host", "PYTHONPATH=/x",
                   "PERL5LIB=/x", "GST_PLUGIN_PATH=/x", "GIO_EXTRA_MODULES=/x", "container=docker",
                   "PATH=/opt/bin:/bin", "TZDIR=/x", "XDG_DATA_DIRS=/host/share"});
    const auto environment = values_of(report, "env");
    auto has = [&](const std::string& entry) {
        return std::find(environment.begin(), environment.end(), entry) != environment.end();
    };
    for (const char* name : {"LD_PRELOAD=", "LD_AUDIT=", "TMPDIR=", "PYTHONPATH=", "PERL5LIB=",
                             "GST_PLUGIN_PATH=", "GIO_EXTRA_MODULES=", "TZDIR="})
        for (const std::string& entry : environment) EXPECT_NE(entry.rfind(name, 0), 0u) << entry;
    EXPECT_TRUE(has("PATH=/app/bin:/usr/bin"));
    // The app's ld.so.cache finds /app/lib: no library path at all.
    for (const std::string& entry : environment) EXPECT_NE(entry.rfind("LD_", 0), 0u) << entry;
    EXPECT_TRUE(has("XDG_RUNTIME_DIR=/run/user/" + std::to_string(::getuid())));
    EXPECT_TRUE(has("XDG_DATA_DIRS=/app/share:/usr/share"));
    EXPECT_TRUE(has("container=sandbox"));
    EXPECT_TRUE(has("FLATPAK_ID=org.test.Hello"));
    EXPECT_TRUE(has("XDG_DATA_HOME=" + app_dir().string() + "/data"));
    EXPECT_TRUE(has("XDG_CONFIG_HOME=" + app_dir().string() + "/config"));
    EXPECT_TRUE(has("XDG_CACHE_HOME=" + app_dir().string() + "/cache"));
    EXPECT_TRUE(has("LANG=C.UTF-8"));
}

TEST_F(RunBasics, CommandLineEnvironmentAndCwd) {
    auto report = probe_app({"--env=GREETING=hi there", "--cwd=/usr/bin"}, {"report"});
    EXPECT_THAT(values_of(report, "env"), ::testing::Contains("GREETING=hi there"));
    EXPECT_EQ(value_of(report, "cwd"), "/usr/bin");
}

TEST_F(RunBasics, ExitStatusPassesThrough) {
    EXPECT_EQ(run_probe_app({}, {"exit", "7"}).status, 7);
    EXPECT_EQ(run_probe_app({}, {"kill-self", "10"}).status, 128 + 10);
}

TEST_F(RunBasics, NoCapabilitiesNoNewPrivilegesSeccompAndOnlyStandardFds) {
    auto report = probe_app({}, {"report"});
    EXPECT_EQ(value_of(report, "CapEff"), "0000000000000000");
    EXPECT_EQ(value_of(report, "CapBnd"), "0000000000000000");
    EXPECT_EQ(value_of(report, "NoNewPrivs"), "1");
    EXPECT_EQ(value_of(report, "Seccomp"), "2");
    EXPECT_EQ(value_of(report, "uid"), std::to_string(::getuid()));
    for (const std::string& fd : values_of(report, "fd"))
        EXPECT_TRUE(fd.rfind("0:", 0) == 0 || fd.rfind("1:", 0) == 0 || fd.rfind("2:", 0) == 0)
            << fd;
    EXPECT_EQ(value_of(probe_app({}, {"syscalls"}), "syscall.ptrace"), "EPERM");
    EXPECT_EQ(value_of(probe_app({"--devel"}, {"syscalls"}), "syscall.ptrace"), "ESRCH");
}

TEST_F(RunBasics, FilesystemPermissionWithModes) {
    const std::filesystem::path shared = scratch() / "shared";
    std::filesystem::create_directories(shared);
    write_file(shared / "file", "content");
    auto read_only = probe_app({"--filesystem=" + shared.string() + ":ro"},
                               {"write", (shared / "new").string()});
    EXPECT_EQ(value_of(read_only, "write"), "EROFS");
    auto writable =
        probe_app({"--filesystem=" + shared.string()}, {"write", (shared / "new").string()});
    EXPECT_EQ(value_of(writable, "write"), "ok");
    EXPECT_TRUE(std::filesystem::exists(shared / "new"));
    const std::filesystem::path created = scratch() / "made/by/create";
    auto create =
        probe_app({"--filesystem=" + created.string() + ":create"}, {"stat", created.string()});
    EXPECT_EQ(value_of(create, "type"), "dir");
    EXPECT_TRUE(std::filesystem::is_directory(created));
    auto absent = probe_app({}, {"stat", (shared / "file").string()});
    EXPECT_EQ(value_of(absent, "exists"), "0");
}

TEST_F(RunBasics, ReservedPathsAreRefusedWithAWarning) {
    CommandResult result = run_probe_app(
        {"--filesystem=/usr/share", "--filesystem=/run/flatpak", "--filesystem=/.flatpak-info"},
        {"exit", "0"});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.err, HasSubstr("Not sharing /usr/share with the sandbox: path /usr is "
                                      "reserved"));
    EXPECT_THAT(result.err, HasSubstr("/run/flatpak"));
    EXPECT_THAT(result.err, HasSubstr("/.flatpak-info"));
}

// S21: home access shows the home directory but not the sandbox manager's state in it.
TEST_F(RunBasics, HomeAccessHidesTheInstallationAndOtherAppsData) {
    write_file(home() / "visible", "x");
    std::filesystem::create_directories(home() / ".local/share/sandbox/overrides");
    write_file(home() / ".local/share/sandbox/overrides/global", "[Context]\n");
    std::filesystem::create_directories(home() / ".var/app/org.other.App/data");
    write_file(home() / ".var/app/org.other.App/data/secret", "x");

    auto listing = probe_app({"--filesystem=home"}, {"stat", home().string()});
    EXPECT_THAT(values_of(listing, "entry"), ::testing::Contains("visible"));
    auto installation =
        probe_app({"--filesystem=home"}, {"stat", home().string() + "/.local/share/sandbox"});
    EXPECT_TRUE(values_of(installation, "entry").empty());
    auto apps = probe_app({"--filesystem=home"}, {"stat", home().string() + "/.var/app"});
    EXPECT_EQ(values_of(apps, "entry"), (std::vector<std::string>{kAppId}));
    auto write = probe_app({"--filesystem=home"},
                           {"write", home().string() + "/.local/share/sandbox/overrides/x"});
    EXPECT_FALSE(std::filesystem::exists(home() / ".local/share/sandbox/overrides/x"));
    (void)write;
}

TEST_F(RunBasics, OverrideThenRunShowsTheOverride) {
    CommandResult set = sandbox(
        {"override", "--user", "--env=FROM_OVERRIDE=yes", "--filesystem=xdg-download:ro", kAppId});
    ASSERT_EQ(set.status, 0) << set.err;
    CommandResult shown = sandbox({"override", "--user", "--show", kAppId});
    EXPECT_EQ(shown.out,
              "[Context]\nfilesystems=xdg-download:ro;\n\n[Environment]\nFROM_OVERRIDE=yes\n");
    EXPECT_TRUE(std::filesystem::exists(home() / ".local/share/sandbox/overrides" / kAppId));

    auto report = probe_app({}, {"getenv", "FROM_OVERRIDE"});
    EXPECT_EQ(value_of(report, "value"), "yes");
    // The command line comes last.
    report = probe_app({"--unset-env=FROM_OVERRIDE"}, {"getenv", "FROM_OVERRIDE"});
    EXPECT_EQ(value_of(report, "unset"), "FROM_OVERRIDE");

    // Global overrides apply too, under the per-app one.
    ASSERT_EQ(sandbox({"override", "--user", "--env=FROM_OVERRIDE=global", "--env=G=1"}).status, 0);
    report = probe_app({}, {"env"});
    EXPECT_THAT(values_of(report, "env"), ::testing::Contains("FROM_OVERRIDE=yes"));
    EXPECT_THAT(values_of(report, "env"), ::testing::Contains("G=1"));

    ASSERT_EQ(sandbox({"override", "--user", "--reset", kAppId}).status, 0);
    report = probe_app({}, {"getenv", "FROM_OVERRIDE"});
    EXPECT_EQ(value_of(report, "value"), "global");
}

TEST_F(RunBasics, HostileMetadataIsOneClearLine) {
    install_app("org.test.Hostile",
                "[Application]\nname=org.test.Hostile\nruntime=" + runtime_field() +
                    "\ncommand=hello\n[Context]\nshared=network\x1b[2J;\n");
    CommandResult result =
        sandbox({"run", "--installation=" + installation_dir().string(), "org.test.Hostile"});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("metadata of app/org.test.Hostile"));
    EXPECT_THAT(result.err, HasSubstr("shared"));
    EXPECT_EQ(result.err.find('\x1b'), std::string::npos);
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_F(RunBasics, BranchAndRuntimeCanBeChosen) {
    const std::string installation = "--installation=" + installation_dir().string();
    EXPECT_EQ(sandbox({"run", installation, std::string(kAppId) + "//stable"}).status, 0);
    EXPECT_EQ(sandbox({"run", installation, "--branch=stable", kAppId}).status, 0);
    CommandResult beta = sandbox({"run", installation, std::string(kAppId) + "//beta"});
    EXPECT_NE(beta.status, 0);
    EXPECT_THAT(beta.err, HasSubstr("org.test.Hello//beta"));
    EXPECT_EQ(sandbox({"run", installation, std::string("--runtime=") + kRuntimeId, kAppId}).status,
              0);
    CommandResult other = sandbox({"run", installation, "--runtime=org.test.Other", kAppId});
    EXPECT_NE(other.status, 0);
    EXPECT_THAT(other.err, HasSubstr("Runtime runtime/org.test.Other/"));
    EXPECT_THAT(other.err, HasSubstr("is not installed"));
}

TEST_F(RunBasics, MissingRuntimeIsOneClearLine) {
    install_app("org.test.Orphan", "[Application]\nname=org.test.Orphan\nruntime=org.test.Gone/" +
                                       store_arch() + "/stable\ncommand=hello\n");
    CommandResult result =
        sandbox({"run", "--installation=" + installation_dir().string(), "org.test.Orphan"});
    EXPECT_NE(result.status, 0);
    EXPECT_EQ(result.err, "sandbox: Runtime runtime/org.test.Gone/" + store_arch() +
                              "/stable is not installed\n");
}

TEST_F(RunBasics, IdWithDotDotIsRefused) {
    CommandResult result =
        sandbox({"run", "--installation=" + installation_dir().string(), "../../etc/passwd"});
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err,
                HasSubstr("'../../etc/passwd' is not ID, ID//BRANCH or ID/ARCH/BRANCH"));
    result = sandbox({"run", "--installation=" + installation_dir().string(), "../x"});
    EXPECT_THAT(result.err, HasSubstr("'..' is not an application ID"));
}

TEST_F(RunBasics, InstanceDirectoryIsRemovedWhenTheSandboxExits) {
    ASSERT_EQ(run_probe_app({}, {"exit", "0"}).status, 0);
    EXPECT_EQ(tree_of(runtime_dir() / ".sandbox"), std::vector<std::string>{});
}

}  // namespace
}  // namespace sandbox::test

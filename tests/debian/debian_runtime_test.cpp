// runtimes/org.debian.Platform.json built from its committed lock as an ordinary user: the same
// lock gives the same commit, and an app on the installed runtime sees a working Debian /usr
// with caches made at build time (fontconfig's is valid: fc-list writes none of its own).

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kRuntimeRef = "runtime/org.debian.Platform/x86_64/12";

fs::path& suite_dir() {
    static fs::path dir;
    return dir;
}

// The suite's build of the runtime into repo-a: its output, and how long it took.
CommandResult& first_build() {
    static CommandResult result;
    return result;
}

std::string read_text(const fs::path& file) {
    std::ifstream stream(file);
    return std::string((std::istreambuf_iterator<char>(stream)), {});
}

std::string ref_commit(const fs::path& repo) {
    std::string commit = read_text(repo / "refs/heads" / kRuntimeRef);
    while (!commit.empty() && commit.back() == '\n') commit.pop_back();
    return commit;
}

std::vector<std::string> environment(const fs::path& home) {
    return {"PATH=/usr/bin:/bin:/usr/sbin:/sbin",
            "LANG=C.UTF-8",
            "HOME=" + home.string(),
            "XDG_CACHE_HOME=" + (suite_dir() / "cache").string(),
            "XDG_DATA_HOME=" + (home / ".local/share").string(),
            "XDG_RUNTIME_DIR=" + (suite_dir() / "run").string(),
            "SANDBOX_SYSTEM_DIR=" + (suite_dir() / "system").string(),
            std::string("TMPDIR=") + std::getenv("TMPDIR")};
}

CommandResult sandbox_command(const std::vector<std::string>& args, const fs::path& home,
                              std::chrono::milliseconds timeout = 60s) {
    std::vector<std::string> argv{DEBIAN_TEST_SANDBOX};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = environment(home);
    options.timeout = timeout;
    return run_command(argv, options);
}

CommandResult build_runtime(const fs::path& repo) {
    return sandbox_command({"build", "--repo=" + repo.string(), DEBIAN_TEST_RUNTIME_MANIFEST},
                           suite_dir() / "home", 20min);
}

// Entries of TMPDIR a build may make: none may be left after one.
std::vector<std::string> build_leftovers() {
    std::vector<std::string> found;
    for (const fs::path& dir : {fs::path(std::getenv("TMPDIR")), fs::path("/tmp")})
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            struct stat st {};
            bool ours = ::stat(entry.path().c_str(), &st) == 0 && st.st_uid == ::getuid();
            if (ours && (name.starts_with("sandbox-build-") ||
                         name.starts_with("sandbox-debian-") || name.starts_with("sandbox-apt-")))
                found.push_back(entry.path().string());
        }
    return found;
}

class DebianRuntimeTest : public SandboxTest {
  protected:
    static void SetUpTestSuite() {
        std::string pattern = (fs::path(std::getenv("TMPDIR")) / "debian-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        suite_dir() = pattern;
        for (const char* sub : {"home", "run", "cache", "system"})
            fs::create_directories(suite_dir() / sub);
        fs::permissions(suite_dir() / "run", fs::perms::owner_all);
        const auto start = std::chrono::steady_clock::now();
        first_build() = build_runtime(suite_dir() / "repo-a");
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - start);
        std::cout << "first build of the runtime (downloads included): " << seconds.count()
                  << " s\n"
                  << first_build().out;
    }
    static void TearDownTestSuite() {
        std::error_code ignored;
        fs::remove_all(suite_dir(), ignored);
    }

    void SetUp() override {
        SandboxTest::SetUp();
        ASSERT_EQ(first_build().status, 0) << first_build().out << first_build().err;
    }
};

TEST_F(DebianRuntimeTest, TheSameLockGivesTheSameCommit) {
    const std::string first = ref_commit(suite_dir() / "repo-a");
    ASSERT_EQ(first.size(), 64u);
    const auto start = std::chrono::steady_clock::now();
    CommandResult second = build_runtime(suite_dir() / "repo-b");
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    std::cout << "second build (downloads cached): " << seconds.count() << " s\n";
    ASSERT_EQ(second.status, 0) << second.out << second.err;
    EXPECT_EQ(ref_commit(suite_dir() / "repo-b"), first);
    EXPECT_THAT(second.out, HasSubstr("(commit " + first.substr(0, 12) + ")"));
    EXPECT_THAT(build_leftovers(), ::testing::IsEmpty());
}

TEST_F(DebianRuntimeTest, AShellAppOnTheInstalledRuntimeSeesDebian) {
    const fs::path home = scratch() / "home";
    const fs::path installation = "--installation=" + (scratch() / "installation").string();
    fs::create_directories(home);
    const fs::path app = scratch() / "app";
    fs::create_directories(app / "files/bin");
    std::ofstream(app / "files/bin/probe.sh") << R"SH(#!/bin/bash
echo "bash=$BASH_VERSION"
if touch /usr/.written 2>/dev/null; then echo usr=writable; else echo usr=read-only; fi
fc-list : family | grep -qx "DejaVu Sans" && echo font=DejaVu
echo "fonts=$(fc-list | wc -l)"
echo "fontconfig-cache-written=$(ls "${XDG_CACHE_HOME:-$HOME/.cache}/fontconfig" 2>/dev/null | wc -l)"
/sbin/ldconfig -p | head -1 | sed 's/^[0-9]* libs found/ld-cache=libs found/'
/sbin/ldconfig -p | grep -q 'libgtk-3.so.0 ' && echo ld-cache-has=gtk3
/sbin/ldconfig -p | grep -q 'libgtk-4.so.1 ' && echo ld-cache-has=gtk4
for f in /usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0/loaders.cache \
         /usr/share/glib-2.0/schemas/gschemas.compiled /usr/share/mime/mime.cache \
         /usr/share/icons/Adwaita/icon-theme.cache \
         /usr/lib/x86_64-linux-gnu/gio/modules/giomodule.cache \
         /usr/lib/x86_64-linux-gnu/gtk-3.0/3.0.0/immodules.cache \
         /etc/ssl/certs/ca-certificates.crt;
    do
  test -s "$f" && echo "cache=$f"
done
)SH";
    fs::permissions(app / "files/bin/probe.sh", fs::perms(0755));
    std::ofstream(app / "org.debian.Probe.json") << R"({"id": "org.debian.Probe",
        "branch": "stable", "runtime": "org.debian.Platform", "runtime-version": "12",
        "command": "probe.sh",
        "modules": [{"name": "app", "buildsystem": "copy",
                     "sources": [{"type": "dir", "path": "files"}]}]})";
    const std::string repo = (suite_dir() / "repo-a").string();
    CommandResult built = sandbox_command(
        {"build", "--repo=" + repo, (app / "org.debian.Probe.json").string()}, home);
    ASSERT_EQ(built.status, 0) << built.err;
    for (const std::vector<std::string>& step :
         {std::vector<std::string>{"remote-add", installation, "--no-gpg-verify", "deb",
                                   "file://" + repo},
          {"install", installation, "-y", "runtime/org.debian.Platform//12"},
          {"install", installation, "-y", "org.debian.Probe"}}) {
        CommandResult done = sandbox_command(step, home, 5min);
        ASSERT_EQ(done.status, 0) << step[0] << ": " << done.out << done.err;
    }
    CommandResult ran = sandbox_command({"run", installation, "org.debian.Probe"}, home);
    ASSERT_EQ(ran.status, 0) << ran.out << ran.err;
    KeyValues seen = parse_key_values(ran.out);
    EXPECT_THAT(value_of(seen, "bash").value_or(""), ::testing::StartsWith("5.2"));
    EXPECT_EQ(value_of(seen, "usr"), "read-only");
    EXPECT_EQ(value_of(seen, "font"), "DejaVu");
    EXPECT_GT(std::stoi(value_of(seen, "fonts").value_or("0")), 100) << ran.out;
    // The runtime's own cache was valid: fontconfig wrote none in the app's cache directory.
    EXPECT_EQ(value_of(seen, "fontconfig-cache-written"), "0") << ran.out;
    EXPECT_FALSE(fs::exists(home / ".var/app/org.debian.Probe/cache/fontconfig"));
    EXPECT_FALSE(fs::exists(home / ".cache/fontconfig"));
    EXPECT_EQ(value_of(seen, "ld-cache"), "libs found in cache `/etc/ld.so.cache'") << ran.out;
    EXPECT_THAT(values_of(seen, "ld-cache-has"), ::testing::ElementsAre("gtk3", "gtk4"));
    EXPECT_EQ(values_of(seen, "cache").size(), 7u) << ran.out;
}

TEST_F(DebianRuntimeTest, AVersionTheMirrorLacksIsOneLineAndLeavesNothing) {
    const fs::path dir = scratch() / "gone";
    fs::create_directories(dir);
    fs::copy_file(DEBIAN_TEST_RUNTIME_MANIFEST, dir / "org.debian.Platform.json");
    // The lock with libxtst6's version and pool file replaced by ones no mirror has.
    std::string lock = read_text(fs::path(DEBIAN_TEST_RUNTIME_MANIFEST).replace_extension(".lock"));
    const std::string needle = "{\"name\": \"libxtst6\", \"version\": \"";
    const auto at = lock.find(needle);
    ASSERT_NE(at, std::string::npos);
    const auto line_end = lock.find('\n', at);
    lock.replace(at, line_end - at,
                 needle + "9.9-sandbox-test\", \"architecture\": \"amd64\", \"sha256\": \"" +
                     std::string(64, '0') +
                     "\", \"filename\": \"pool/main/libx/libxtst/libxtst6_9.9_amd64.deb\"}" +
                     (lock[line_end - 1] == ',' ? "," : ""));
    std::ofstream(dir / "org.debian.Platform.lock") << lock;
    CommandResult failed = sandbox_command(
        {"build", "--repo=" + (dir / "repo").string(), (dir / "org.debian.Platform.json").string()},
        suite_dir() / "home", 5min);
    EXPECT_EQ(failed.status, 1);
    EXPECT_THAT(failed.err, HasSubstr("libxtst6 version 9.9-sandbox-test"));
    EXPECT_THAT(failed.err, HasSubstr("--update-lock"));
    EXPECT_EQ(std::count(failed.err.begin(), failed.err.end(), '\n'), 1) << failed.err;
    EXPECT_FALSE(fs::exists(dir / "repo"));
    EXPECT_THAT(build_leftovers(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace sandbox::test

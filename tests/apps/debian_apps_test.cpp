// Debian-packaged apps, each a layer over the Debian runtime's /usr (usr-overlay=true), built (or
// taken from SANDBOX_DEBIAN_APPS_REPO), installed and run as an ordinary user: LibreOffice
// converts a document in its data dir to PDF without any home access, and under Xvfb Writer and
// the other apps show a window, a screenshot of which is kept.

#include <gmock/gmock.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "session/support/xvfb_server.hpp"
#include "support/sandbox_test.hpp"
#ifdef APPS_TEST_WITH_FIXTURE
#include "debian_apps_fixture.hpp"
#endif

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kLibreOffice = "org.libreoffice";
// Slow machine, cold caches, first start of each app: generous.
constexpr auto kConversionTimeout = 300s;
constexpr auto kWindowTimeout = 300s;

struct Suite {
    fs::path dir;
    std::string setup_failure;      // non-empty: every test fails with it
    std::string skip_reason;        // non-empty: nothing to test yet
    std::vector<std::string> apps;  // IDs, org.libreoffice first
};

Suite& suite() {
    static Suite state;
    return state;
}

fs::path home() {
    return suite().dir / "home";
}

std::vector<std::string> environment(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> entries{"PATH=/usr/bin:/bin:/usr/sbin:/sbin",
                                     "LANG=C.UTF-8",
                                     "HOME=" + home().string(),
                                     "XDG_RUNTIME_DIR=" + (suite().dir / "run").string(),
                                     "SANDBOX_SYSTEM_DIR=" + (suite().dir / "system").string(),
                                     std::string("TMPDIR=") + std::getenv("TMPDIR")};
    entries.insert(entries.end(), extra.begin(), extra.end());
    return entries;
}

std::vector<std::string> sandbox_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{APPS_TEST_SANDBOX};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

CommandResult sandbox(const std::vector<std::string>& args, std::chrono::milliseconds timeout,
                      const std::vector<std::string>& extra_environment = {}) {
    CommandOptions options;
    options.environment = environment(extra_environment);
    options.timeout = timeout;
    return run_command(sandbox_argv(args), options);
}

std::string read_text(const fs::path& file) {
    std::ifstream stream(file);
    return std::string((std::istreambuf_iterator<char>(stream)), {});
}

// manifests/ entries built from Debian packages, org.libreoffice first.
std::vector<fs::path> debian_app_manifests() {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(APPS_TEST_MANIFESTS_DIR)) {
        const fs::path& path = entry.path();
        if (path.extension() != ".json") continue;
        if (read_text(path).find("\"debian\"") == std::string::npos) continue;
        found.push_back(path);
    }
    std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
        const bool a_first = a.stem() == kLibreOffice, b_first = b.stem() == kLibreOffice;
        return a_first != b_first ? a_first : a < b;
    });
    return found;
}

[[maybe_unused]] std::string build_repository(const fs::path& repo,
                                              const std::vector<fs::path>& manifests) {
    std::vector<fs::path> all{APPS_TEST_RUNTIME_MANIFEST};
    all.insert(all.end(), manifests.begin(), manifests.end());
    for (const fs::path& manifest : all) {
        const auto start = std::chrono::steady_clock::now();
        CommandResult built =
            sandbox({"build", "--repo=" + repo.string(), manifest.string()}, 30min);
        std::cout << "built " << manifest.filename().string() << " in "
                  << std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::steady_clock::now() - start)
                         .count()
                  << " s\n";
        if (built.status != 0) return "sandbox build " + manifest.string() + ": " + built.err;
    }
    return {};
}

// The repository with the runtime and the apps: the tests' cache (tests/debian-apps) when it is
// built, else built here into `repo`. Empty when all went well, else what failed.
std::string built_repository(fs::path& repo, const std::vector<fs::path>& manifests) {
#ifdef APPS_TEST_WITH_FIXTURE
    std::vector<std::string> ids;
    for (const fs::path& manifest : manifests) ids.push_back(manifest.stem().string());
    try {
        const DebianApps& apps = debian_apps(ids);
        std::cout << apps.log;
        repo = apps.repo;
        return {};
    } catch (const std::exception& error) {
        return error.what();
    }
#else
    return build_repository(repo, manifests);
#endif
}

std::string install_all(const fs::path& repo, const std::vector<std::string>& apps) {
    std::vector<std::vector<std::string>> steps{
        {"remote-add", "--no-gpg-verify", "deb", "file://" + repo.string()},
        {"install", "-y", "deb", "runtime/org.debian.Platform//12"}};
    for (const std::string& app : apps) steps.push_back({"install", "-y", "deb", app});
    for (const auto& step : steps) {
        CommandResult done = sandbox(step, 10min);
        if (done.status != 0) return "sandbox " + step[0] + " " + step.back() + ": " + done.err;
    }
    return {};
}

// A minimal ODF text document (scripts/make-odt, which the demo and the benchmark use too).
void write_odt(const fs::path& file, const std::string& text) {
    run_or_throw({APPS_TEST_MAKE_ODT, file.string(), text});
}

class DebianAppsTest : public SandboxTest {
  protected:
    static void SetUpTestSuite() {
        Suite& state = suite();
        const std::vector<fs::path> manifests = debian_app_manifests();
        if (!fs::exists(APPS_TEST_RUNTIME_MANIFEST) || manifests.empty()) {
            state.skip_reason = "no Debian runtime manifest or no Debian app in manifests/";
            return;
        }
        for (const fs::path& manifest : manifests) state.apps.push_back(manifest.stem().string());
        std::string pattern = (fs::path(std::getenv("TMPDIR")) / "apps-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        state.dir = pattern;
        for (const char* sub : {"home", "run", "system"}) fs::create_directories(state.dir / sub);
        fs::permissions(state.dir / "run", fs::perms::owner_all);
        fs::path repo = state.dir / "repo";
        if (const char* given = std::getenv("SANDBOX_DEBIAN_APPS_REPO"); given && *given)
            repo = given;
        else
            state.setup_failure = built_repository(repo, manifests);
        if (state.setup_failure.empty()) state.setup_failure = install_all(repo, state.apps);
    }
    static void TearDownTestSuite() {
        std::error_code ignored;
        if (!suite().dir.empty()) fs::remove_all(suite().dir, ignored);
    }

    void SetUp() override {
        SandboxTest::SetUp();
        if (!suite().skip_reason.empty()) GTEST_SKIP() << suite().skip_reason;
        ASSERT_EQ(suite().setup_failure, "");
    }

    // Where screenshots are kept after the test (the scratch dir is not).
    static fs::path artifact(const std::string& name) {
        const fs::path dir = fs::path("/tmp/sandbox-test-artifacts/apps");
        fs::create_directories(dir);
        return dir / name;
    }
};

// The X server's windows that are mapped and of a real size, as "0xID \"NAME\"" lines.
std::vector<std::string> shown_windows(const std::string& display,
                                       const std::vector<std::string>& x_environment) {
    CommandOptions options;
    options.environment = x_environment;
    CommandResult tree =
        run_command({"xwininfo", "-root", "-children", "-display", display}, options);
    std::vector<std::string> shown;
    static const std::regex child(R"(^\s+(0x[0-9a-f]+) (.*)$)");
    std::istringstream lines(tree.out);
    for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (!std::regex_match(line, match, child)) continue;
        CommandResult info =
            run_command({"xwininfo", "-id", match[1], "-display", display}, options);
        static const std::regex width(R"(Width: (\d+))"), height(R"(Height: (\d+))");
        std::smatch w, h;
        if (info.out.find("Map State: IsViewable") == std::string::npos) continue;
        if (!std::regex_search(info.out, w, width) || !std::regex_search(info.out, h, height))
            continue;
        if (std::stoi(w[1]) >= 100 && std::stoi(h[1]) >= 100)
            shown.push_back(match[1].str() + " " + match[2].str());
    }
    return shown;
}

struct WindowCheck {
    std::vector<std::string> windows;
    fs::path screenshot;
    std::string app_output;
};

// Starts `sandbox run ID ARGS…` on a fresh Xvfb, waits for a shown window whose xwininfo line
// holds `title` (any window when empty), keeps a screenshot of the screen, then stops the app.
WindowCheck show_window(const fs::path& scratch, const std::string& id,
                        const std::vector<std::string>& args, const std::string& title,
                        const fs::path& screenshot) {
    WindowCheck check;
    XvfbServer xvfb(scratch);
    if (!xvfb.ready()) {
        ADD_FAILURE() << "Xvfb did not start " << xvfb.skip_reason();
        return check;
    }
    const fs::path xauthority = scratch / "Xauthority";
    add_cookie(xauthority, xvfb.display(), xvfb.cookie());
    const std::vector<std::string> x_environment =
        environment({"DISPLAY=" + xvfb.display(), "XAUTHORITY=" + xauthority.string()});
    std::vector<std::string> run{"run", id};
    run.insert(run.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = x_environment;
    ChildProcess app(sandbox_argv(run), options);
    const auto deadline = std::chrono::steady_clock::now() + kWindowTimeout;
    const auto has_title = [&title](const std::vector<std::string>& windows) {
        return std::any_of(windows.begin(), windows.end(), [&title](const std::string& window) {
            return window.find(title) != std::string::npos;
        });
    };
    while (!has_title(check.windows) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1s);
        check.windows = shown_windows(xvfb.display(), x_environment);
    }
    if (!has_title(check.windows)) check.windows.clear();
    if (!check.windows.empty()) {
        std::this_thread::sleep_for(3s);  // let it draw
        CommandOptions shot;
        shot.environment = x_environment;
        CommandResult taken = run_command(
            {"sh", "-c",
             "xwd -root -silent -display \"$1\" | xwdtopnm 2>/dev/null | pnmtopng >\"$2\"", "sh",
             xvfb.display(), screenshot.string()},
            shot);
        if (taken.status == 0) check.screenshot = screenshot;
        std::cout << "screenshot of " << id << ": " << screenshot.string() << "\n";
    }
    app.signal(SIGTERM);
    CommandResult ended = app.finish(60s);
    check.app_output = ended.out + ended.err;
    return check;
}

TEST_F(DebianAppsTest, LibreOfficeConvertsAnOdtInItsDataDirToPdf) {
    const fs::path data = home() / ".var/app" / kLibreOffice / "documents";
    fs::create_directories(data);
    const fs::path odt = data / "letter.odt";
    write_odt(odt, "Sandboxed Writer äöü€Ω");
    const fs::path out = data / "pdf";
    CommandResult converted = sandbox({"run", kLibreOffice, "--headless", "--convert-to", "pdf",
                                       "--outdir", out.string(), odt.string()},
                                      kConversionTimeout);
    ASSERT_EQ(converted.status, 0) << converted.out << converted.err;
    const fs::path pdf = out / "letter.pdf";
    ASSERT_TRUE(fs::exists(pdf)) << converted.out << converted.err;
    CommandResult info = run_command({"pdfinfo", pdf.string()});
    ASSERT_EQ(info.status, 0) << info.err;
    EXPECT_THAT(info.out, HasSubstr("Producer:        LibreOffice"));
    EXPECT_THAT(info.out, ::testing::ContainsRegex("Pages: +1\n"));
    CommandResult text = run_command({"pdftotext", pdf.string(), "-"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_THAT(text.out, HasSubstr("Sandboxed Writer äöü€Ω"));
}

TEST_F(DebianAppsTest, LibreOfficeDoesNotSeeTheHomeDirectory) {
    std::ofstream(home() / "private.txt") << "not for the app\n";
    CommandResult seen = sandbox({"run", "--command=ls", kLibreOffice, "-A", home().string()}, 60s);
    ASSERT_EQ(seen.status, 0) << seen.err;
    EXPECT_THAT(seen.out, ::testing::Not(HasSubstr("private.txt")));
}

TEST_F(DebianAppsTest, WriterShowsAWindow) {
    // "Untitled 1 - LibreOffice Writer": the document's window, not the splash ("LibreOffice").
    WindowCheck check = show_window(scratch(), kLibreOffice, {"--writer"}, "LibreOffice Writer",
                                    artifact("org.libreoffice-writer.png"));
    ASSERT_FALSE(check.windows.empty())
        << "no Writer window within " << kWindowTimeout.count() << " s; the app said:\n"
        << check.app_output;
    EXPECT_FALSE(check.screenshot.empty());
}

TEST_F(DebianAppsTest, TheOtherAppsShowAWindow) {
    ASSERT_GE(suite().apps.size(), 3u) << "expected LibreOffice and two more Debian apps";
    for (const std::string& id : suite().apps) {
        if (id == kLibreOffice) continue;
        const fs::path dir = scratch() / id;
        fs::create_directories(dir);
        WindowCheck check = show_window(dir, id, {}, "", artifact(id + ".png"));
        EXPECT_FALSE(check.windows.empty())
            << id << " showed no window within " << kWindowTimeout.count() << " s:\n"
            << check.app_output;
        EXPECT_FALSE(check.screenshot.empty()) << id;
    }
}

}  // namespace
}  // namespace sandbox::test

// Debian's flatpak 1.14 as a real client of sandbox-launch: the same installed app run with
// FLATPAK_BWRAP=/usr/bin/bwrap and with FLATPAK_BWRAP=sandbox-launch must behave the same and see
// the same sandbox.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "app_view.hpp"
#include "flatpak_world.hpp"
#include "session/support/private_bus.hpp"
#include "support/sandbox.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test::flatpak {
namespace {

namespace fs = std::filesystem;

const fs::path kBwrap = "/usr/bin/bwrap";

std::string read_text(const fs::path& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

fs::path make_suite_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/flatpak-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
    return pattern;
}

fs::path data_file(const char* name) {
    return fs::path(FLATPAK_TEST_DATA_DIR) / name;
}

bool launcher_is_built() {
    return ::access(launcher_path().c_str(), X_OK) == 0;
}

std::string launcher_missing_reason() {
    return "sandbox-launch is not built (" + launcher_path().string() +
           "); only the bwrap half ran";
}

// What one `flatpak run --command=probe-view` showed, plus what flatpak got back through
// bwrap's --info-fd.
struct ProbeRun {
    CommandResult result;
    AppView view;
    std::vector<std::string> info_keys;
};

class FlatpakClientTest : public SandboxTest {
  protected:
    static void SetUpTestSuite() {
        try {
            suite_dir_ = make_suite_dir();
            // Installing asks the system bus about parental controls.
            auto install_bus = PrivateBus::start_system(suite_dir_);
            world_ = FlatpakWorld::create(suite_dir_ / "world", install_bus->address());
            // A working directory that does not exist in the sandbox: both launchers must then
            // fall back to the same one.
            fs::current_path(suite_dir_);
        } catch (const std::exception& error) {
            setup_error_ = error.what();
        }
    }

    static void TearDownTestSuite() {
        world_.reset();
        std::error_code ignored;
        fs::remove_all(suite_dir_, ignored);
    }

    void SetUp() override {
        SandboxTest::SetUp();
        ASSERT_NE(world_, nullptr) << "building the Flatpak repository failed:\n" << setup_error_;
        bus_dir_ = scratch() / "buses";
        fs::create_directories(bus_dir_);
        system_bus_ = PrivateBus::start_system(bus_dir_);
    }

    void TearDown() override {
        session_bus_.reset();
        system_bus_.reset();
        SandboxTest::TearDown();
    }

    void start_session_bus() { session_bus_ = PrivateBus::start_session(bus_dir_); }

    [[nodiscard]] std::vector<std::string> bus_environment() const {
        std::vector<std::string> environment{"DBUS_SYSTEM_BUS_ADDRESS=" + system_bus_->address()};
        if (session_bus_)
            environment.push_back("DBUS_SESSION_BUS_ADDRESS=" + session_bus_->address());
        return environment;
    }

    [[nodiscard]] CommandResult run_app(const fs::path& bwrap,
                                        const std::vector<std::string>& args) const {
        return world_->run(bwrap, args, bus_environment());
    }

    // A first run after install: flatpak also runs ldconfig in a helper sandbox.
    [[nodiscard]] ProbeRun probe(const fs::path& bwrap) const {
        world_->forget_ld_cache();
        ProbeRun run{run_app(bwrap, {"--command=probe-view", kAppId}), {}, {}};
        run.view = AppView::parse(run.result.out, namespaces_of_this_process());
        run.info_keys =
            json_keys(read_text(world_->instance_dir(run.view.instance_id()) / "bwrapinfo.json"));
        return run;
    }

    static void expect_same_view(const ProbeRun& under_bwrap, const ProbeRun& under_launcher) {
        ASSERT_EQ(under_bwrap.result.status, 0) << under_bwrap.result.err;
        ASSERT_EQ(under_launcher.result.status, 0) << under_launcher.result.err;
        ASSERT_FALSE(under_bwrap.view.instance_id().empty()) << under_bwrap.result.out;
        EXPECT_EQ(under_bwrap.view.section_names(), under_launcher.view.section_names());
        for (const auto& name : under_bwrap.view.section_names()) {
            EXPECT_EQ(under_bwrap.view.section(name), under_launcher.view.section(name))
                << "the app's view differs in section \"" << name << "\"";
        }
        EXPECT_EQ(under_bwrap.info_keys, under_launcher.info_keys)
            << "--info-fd (bwrapinfo.json) keys differ";
    }

    static inline fs::path suite_dir_;
    static inline std::unique_ptr<FlatpakWorld> world_;
    static inline std::string setup_error_;

    fs::path bus_dir_;
    std::unique_ptr<PrivateBus> system_bus_;
    std::unique_ptr<PrivateBus> session_bus_;
};

TEST_F(FlatpakClientTest, AppPrintsItsLineUnderBwrap) {
    CommandResult result = run_app(kBwrap, {kAppId});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kAppGreeting) + "\n") << result.err;
}

TEST_F(FlatpakClientTest, AppPrintsItsLineUnderSandboxLaunch) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    CommandResult result = run_app(launcher_path(), {kAppId});
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kAppGreeting) + "\n") << result.err;
}

TEST_F(FlatpakClientTest, AppSeesTheSameSandboxAsUnderBwrap) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    expect_same_view(probe(kBwrap), probe(launcher_path()));
}

// With a session bus flatpak starts xdg-dbus-proxy in a sandbox of its own (through FLATPAK_BWRAP
// as well), and the app's sandbox waits for it with --sync-fd.
TEST_F(FlatpakClientTest, AppSeesTheSameSandboxWithSessionBusProxy) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    start_session_bus();
    ProbeRun under_bwrap = probe(kBwrap);
    EXPECT_NE(under_bwrap.view.section("ls /run/flatpak").find(" bus\n"), std::string::npos)
        << "no proxied session bus in the sandbox:\n"
        << under_bwrap.view.section("ls /run/flatpak");
    expect_same_view(under_bwrap, probe(launcher_path()));
}

// Flatpak's seccomp filter (passed with --seccomp) gives every system call the same answer.
TEST_F(FlatpakClientTest, SystemCallsGetTheSameAnswers) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    CommandResult under_bwrap = run_app(kBwrap, {"--command=sandbox-probe", kAppId, "syscalls"});
    CommandResult under_launcher =
        run_app(launcher_path(), {"--command=sandbox-probe", kAppId, "syscalls"});
    ASSERT_EQ(under_bwrap.status, 0) << under_bwrap.err;
    EXPECT_EQ(under_launcher.status, 0) << under_launcher.err;
    EXPECT_EQ(under_bwrap.out, under_launcher.out);
}

TEST_F(FlatpakClientTest, ExitStatusPassesThrough) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    const std::vector<std::string> exit_7{"--command=sh", kAppId, "-c", "exit 7"};
    CommandResult under_bwrap = run_app(kBwrap, exit_7);
    CommandResult under_launcher = run_app(launcher_path(), exit_7);
    EXPECT_EQ(under_bwrap.status, 7) << under_bwrap.err;
    EXPECT_EQ(under_launcher.status, 7) << under_launcher.err;
}

// Every install runs flatpak's triggers, each in a sandbox of `--ro-bind / /` plus the
// installation, made with FLATPAK_BWRAP.
TEST_F(FlatpakClientTest, InstallTriggersRunUnderBoth) {
    if (!launcher_is_built()) GTEST_SKIP() << launcher_missing_reason();
    for (const fs::path& bwrap : {kBwrap, launcher_path()}) {
        fs::path status_log = scratch() / ("trigger-status-" + bwrap.filename().string());
        CommandResult result = world_->reinstall_app(
            data_file("exit-status-recorder"),
            {"RECORDED_BWRAP=" + bwrap.string(), "EXIT_STATUS_LOG=" + status_log.string(),
             "DBUS_SYSTEM_BUS_ADDRESS=" + system_bus_->address()});
        EXPECT_EQ(result.status, 0) << bwrap << ": " << result.err;
        std::string statuses = read_text(status_log);
        EXPECT_FALSE(statuses.empty()) << bwrap << ": flatpak ran no trigger";
        EXPECT_EQ(statuses.find_first_not_of("0\n"), std::string::npos)
            << bwrap << ": a trigger's sandbox failed (exit statuses:\n"
            << statuses << "):\n"
            << result.err;
    }
}

}  // namespace
}  // namespace sandbox::test::flatpak

// The document portal's store through `sandbox run`: a real FUSE filesystem (ostree's
// rofiles-fuse, serving a directory laid out as the portal's store) mounted at the test's
// $XDG_RUNTIME_DIR/doc. The app sees its own view, by-app/ID, at /run/user/UID/doc and through
// /run/flatpak/doc, and nothing else of the store; without a store, with a dead one, with a
// session bus that has no portal, the app runs without it; a portal that does not answer costs
// one warning and three seconds at most.

#include <gmock/gmock.h>
#include <signal.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "session/support/private_bus.hpp"
#include "session/support/session_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;

constexpr long kFuseSuperMagic = 0x65735546;
constexpr const char* kChosen = "chosen by the user\n";

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

long filesystem_type(const fs::path& path, int& error) {
    struct statfs info {};
    error = ::statfs(path.c_str(), &info) == 0 ? 0 : errno;
    return error == 0 ? info.f_type : 0;
}

// rofiles-fuse serving `source` at `mount_point` in the foreground; unmounted (lazily, so a dead
// daemon's mount goes too) on destruction.
class FuseStore {
  public:
    FuseStore(const fs::path& source, const fs::path& mount_point) : mount_point_(mount_point) {
        fs::create_directories(mount_point);
        CommandOptions options;
        options.timeout = 300s;
        daemon_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/bin/rofiles-fuse", source, mount_point, "-f"}, options);
        const auto deadline = steady_clock::now() + 5s;
        int error = 0;
        while (filesystem_type(mount_point, error) != kFuseSuperMagic) {
            if (steady_clock::now() > deadline)
                throw std::runtime_error("rofiles-fuse did not mount " + mount_point.string());
            std::this_thread::sleep_for(10ms);
        }
    }
    FuseStore(const FuseStore&) = delete;
    FuseStore& operator=(const FuseStore&) = delete;
    ~FuseStore() {
        run_command({"/usr/bin/fusermount3", "-u", "-z", mount_point_});
        daemon_.reset();
    }
    // The daemon killed: the mount stays, every access answers ENOTCONN.
    void kill_daemon() {
        daemon_->signal(SIGKILL);
        daemon_->finish(5s);
    }

  private:
    fs::path mount_point_;
    std::unique_ptr<ChildProcess> daemon_;
};

class Documents : public SessionTest {
  protected:
    void SetUp() override {
        SessionTest::SetUp();
        inside_ = "/run/user/" + std::to_string(::getuid()) + "/doc";
    }

    // The portal's layout: DOCID/NAME for the host, by-app/ID/DOCID/NAME per app.
    fs::path make_store_tree() {
        const fs::path tree = scratch() / "store";
        write_text(tree / "abc123/file.txt", kChosen);
        write_text(tree / "zzz/secret.txt", "another app's\n");
        write_text(tree / "by-app" / kAppId / "abc123/file.txt", kChosen);
        write_text(tree / "by-app/org.other.App/zzz/secret.txt", "another app's\n");
        return tree;
    }
    [[nodiscard]] fs::path store_path() const { return runtime_dir() / "doc"; }

    std::set<std::string> entries_inside(const std::string& dir,
                                         const std::vector<std::string>& options = {},
                                         const std::vector<std::string>& environment = {}) {
        const auto entries = values_of(probe_app(options, {"stat", dir}, environment), "entry");
        return {entries.begin(), entries.end()};
    }
    std::string exists_inside(const std::string& path,
                              const std::vector<std::string>& environment = {}) {
        return value_of(probe_app({}, {"stat", path}, environment), "exists").value_or("?");
    }

    std::string inside_;
};

TEST_F(Documents, AppSeesItsOwnViewAtTheRuntimeDirAndFlatpaksPath) {
    FuseStore store(make_store_tree(), store_path());
    EXPECT_EQ(entries_inside(inside_), std::set<std::string>{"abc123"});
    const CommandResult cat = run_probe_app({}, {"cat", inside_ + "/abc123/file.txt"});
    EXPECT_EQ(cat.status, 0) << cat.err;
    EXPECT_EQ(cat.out, kChosen);
    EXPECT_EQ(exists_inside(inside_ + "/by-app"), "0");
    EXPECT_EQ(exists_inside(inside_ + "/zzz"), "0");
    EXPECT_EQ(exists_inside(inside_ + "/by-app/org.other.App/zzz/secret.txt"), "0");

    const KeyValues link = probe_app({}, {"stat", "/run/flatpak/doc"});
    EXPECT_EQ(value_of(link, "type"), "symlink");
    EXPECT_EQ(entries_inside("/run/flatpak/doc/"), std::set<std::string>{"abc123"});
    const CommandResult through_link =
        run_probe_app({}, {"cat", "/run/flatpak/doc/abc123/file.txt"});
    EXPECT_EQ(through_link.out, kChosen);
}

TEST_F(Documents, TheWholeStoreIsNeverShared) {
    FuseStore store(make_store_tree(), store_path());
    // xdg-run/doc would be the host's store: refused, the app keeps its view.
    const CommandResult refused = run_probe_app({"--filesystem=xdg-run/doc"}, {"stat", inside_});
    EXPECT_EQ(refused.status, 0) << refused.err;
    EXPECT_THAT(refused.err, testing::HasSubstr("Not sharing xdg-run/doc"));
    EXPECT_THAT(values_of(parse_key_values(refused.out), "entry"), testing::ElementsAre("abc123"));
    // The test's runtime dir is under /tmp: sharing /tmp shows an empty directory where the
    // store is, and the rest of the runtime dir as it is.
    const auto under_tmp = entries_inside(store_path(), {"--filesystem=/tmp"});
    EXPECT_TRUE(under_tmp.empty()) << *under_tmp.begin();
    EXPECT_THAT(entries_inside(runtime_dir(), {"--filesystem=/tmp"}), testing::Contains("doc"));
}

TEST_F(Documents, WithoutAStoreTheAppRunsWithoutOne) {
    EXPECT_EQ(exists_inside(inside_), "0");
    EXPECT_EQ(exists_inside("/run/flatpak/doc"), "0");
    // An empty mount point (what is left when the portal is not running) is not a store.
    fs::create_directories(store_path());
    const CommandResult run = run_probe_app({}, {"stat", inside_});
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(value_of(parse_key_values(run.out), "exists"), "0");
    EXPECT_EQ(run.err, "");
}

TEST_F(Documents, DeadStoreNeitherBreaksNorSlowsTheRun) {
    FuseStore store(make_store_tree(), store_path());
    store.kill_daemon();
    int error = 0;
    filesystem_type(store_path(), error);
    ASSERT_EQ(error, ENOTCONN);
    const auto start = steady_clock::now();
    const CommandResult run = run_probe_app({}, {"stat", inside_});
    EXPECT_LT(steady_clock::now() - start, 2s);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(value_of(parse_key_values(run.out), "exists"), "0");
}

TEST_F(Documents, SessionBusWithoutAPortalIsSilent) {
    auto bus = PrivateBus::start_session(scratch() / "bus");
    const std::vector<std::string> environment{"DBUS_SESSION_BUS_ADDRESS=" + bus->address()};
    const auto start = steady_clock::now();
    const CommandResult run = run_probe_app({}, {"stat", inside_}, environment);
    EXPECT_LT(steady_clock::now() - start, 2s);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(value_of(parse_key_values(run.out), "exists"), "0");
    EXPECT_THAT(run.err, testing::Not(testing::HasSubstr("document portal")));
    // Remembered for a while, so the next launches on this bus do not ask again.
    const fs::path record = runtime_dir() / ".sandbox" / "no-document-portal";
    ASSERT_TRUE(fs::exists(record));
    std::ifstream recorded(record);
    std::string address;
    std::getline(recorded, address);
    EXPECT_EQ(address, bus->address());
    const CommandResult again = run_probe_app({}, {"stat", inside_}, environment);
    EXPECT_EQ(again.status, 0) << again.err;
}

TEST_F(Documents, PortalThatDoesNotAnswerCostsOneWarningAndThreeSeconds) {
    // An activatable portal that never takes its name: the bus holds the call until it does.
    const fs::path services = scratch() / "services";
    const fs::path pid_file = scratch() / "portal.pid";
    write_text(
        services / "org.freedesktop.portal.Documents.service",
        "[D-BUS Service]\nName=org.freedesktop.portal.Documents\nExec=/bin/sh -c 'echo $$ > " +
            pid_file.string() + "; exec sleep 60'\n");
    auto bus = PrivateBus::start_session(scratch() / "bus", {{services}, std::nullopt});
    const std::vector<std::string> environment{"DBUS_SESSION_BUS_ADDRESS=" + bus->address()};
    const auto start = steady_clock::now();
    const CommandResult run = run_probe_app({}, {"stat", inside_}, environment);
    const auto took = steady_clock::now() - start;
    EXPECT_GT(took, 2500ms);
    EXPECT_LT(took, 5s);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(value_of(parse_key_values(run.out), "exists"), "0");
    const std::string warning = "the document portal did not answer";
    const auto first = run.err.find(warning);
    EXPECT_NE(first, std::string::npos) << run.err;
    EXPECT_EQ(run.err.find(warning, first + 1), std::string::npos) << run.err;
    // The activated service, ended before its bus (whose child it is).
    std::ifstream pid_text(pid_file);
    pid_t portal = 0;
    if (pid_text >> portal && portal > 0) ::kill(portal, SIGKILL);
}

}  // namespace
}  // namespace sandbox::test

// org.freedesktop.impl.portal.PermissionStore served in this process on a private dbus-daemon and
// called by gdbus, a real client on the host; Changed watched from another connection.

#include <gtest/gtest.h>

#include <sdbus-c++/sdbus-c++.h>

#include <condition_variable>
#include <mutex>

#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/permission_store/permission_store_service.hpp"
#include "session/support/private_bus.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

using portals::PermissionDatabase;
using portals::PermissionStoreService;

constexpr const char* kInterface = "org.freedesktop.impl.portal.PermissionStore";

struct ChangedSignal {
    std::string table;
    std::string id;
    bool deleted = false;
    sdbus::Variant data;
    std::map<std::string, std::vector<std::string>> permissions;
};

// Changed as another client of the bus receives it.
class ChangedWatcher {
  public:
    explicit ChangedWatcher(const std::string& address)
        : connection_(sdbus::createSessionBusConnectionWithAddress(address)),
          proxy_(sdbus::createProxy(*connection_, PermissionStoreService::kBusName,
                                    PermissionStoreService::kObjectPath)) {
        proxy_->uponSignal("Changed")
            .onInterface(kInterface)
            .call([this](const std::string& table, const std::string& id, bool deleted,
                         const sdbus::Variant& data,
                         const std::map<std::string, std::vector<std::string>>& permissions) {
                std::lock_guard guard(mutex_);
                seen_.push_back({table, id, deleted, data, permissions});
                arrived_.notify_all();
            });
        proxy_->finishRegistration();
        connection_->enterEventLoopAsync();
    }
    ~ChangedWatcher() { connection_->leaveEventLoop(); }

    // The next signal not returned yet, if one comes within 10 s.
    std::optional<ChangedSignal> next() {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, std::chrono::seconds(10),
                               [&] { return seen_.size() > taken_; }))
            return std::nullopt;
        return seen_[taken_++];
    }
    std::size_t pending() {
        std::lock_guard guard(mutex_);
        return seen_.size() - taken_;
    }

  private:
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<sdbus::IProxy> proxy_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<ChangedSignal> seen_;
    std::size_t taken_ = 0;
};

class PermissionStoreServiceTest : public SandboxTest {
  protected:
    void SetUp() override {
        SandboxTest::SetUp();
        bus_ = PrivateBus::start_session(scratch() / "bus");
        auto db = PermissionDatabase::open(db_dir());
        ASSERT_TRUE(db) << db.error().message();
        db_ = std::move(*db);
        connection_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        connection_->requestName(PermissionStoreService::kBusName);
        callers_ =
            std::make_unique<portals::CallerIdentifier>(*connection_, scratch() / "instances");
        service_ = std::make_unique<PermissionStoreService>(*connection_, *db_, *callers_);
        connection_->enterEventLoopAsync();
        watcher_ = std::make_unique<ChangedWatcher>(bus_->address());
    }

    void TearDown() override {
        watcher_.reset();
        if (connection_) connection_->leaveEventLoop();
        service_.reset();
        callers_.reset();
        connection_.reset();
        bus_.reset();
        SandboxTest::TearDown();
    }

    [[nodiscard]] std::filesystem::path db_dir() const {
        return scratch() / "data" / "sandbox" / "db";
    }

    [[nodiscard]] std::vector<std::string> gdbus_call(const std::string& method,
                                                      const std::vector<std::string>& args) const {
        std::vector<std::string> argv{"gdbus",         "call",
                                      "--address",     bus_->address(),
                                      "--dest",        PermissionStoreService::kBusName,
                                      "--object-path", PermissionStoreService::kObjectPath,
                                      "--method",      std::string(kInterface) + "." + method};
        argv.insert(argv.end(), args.begin(), args.end());
        return argv;
    }

    CommandResult call(const std::string& method, const std::vector<std::string>& args) {
        return run_command(gdbus_call(method, args));
    }

    // The call's reply, failing the test when it failed.
    std::string reply(const std::string& method, const std::vector<std::string>& args) {
        CommandResult result = call(method, args);
        EXPECT_EQ(result.status, 0) << method << ": " << result.err;
        return result.out;
    }

    static ::testing::AssertionResult failed_with(const CommandResult& result,
                                                  const std::string& error) {
        if (result.status != 0 && result.err.find(error) != std::string::npos)
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure()
               << "status " << result.status << ", out: " << result.out << ", err: " << result.err;
    }

    std::unique_ptr<PrivateBus> bus_;
    std::unique_ptr<PermissionDatabase> db_;
    std::unique_ptr<sdbus::IConnection> connection_;
    std::unique_ptr<portals::CallerIdentifier> callers_;
    std::unique_ptr<PermissionStoreService> service_;
    std::unique_ptr<ChangedWatcher> watcher_;
};

constexpr const char* kNotFound = "org.freedesktop.portal.Error.NotFound";

TEST_F(PermissionStoreServiceTest, SetLookupListDelete) {
    EXPECT_EQ(reply("Set", {"desktop-used-apps", "true", "x-scheme-handler/https",
                            "{'org.a.App': ['org.browser.App', '3', '3']}",
                            "<{'always-ask': <false>, 'point': <(1.5, -2.0, 0.25)>}>"}),
              "()\n");
    EXPECT_EQ(reply("Lookup", {"desktop-used-apps", "x-scheme-handler/https"}),
              "({'org.a.App': ['org.browser.App', '3', '3']}, "
              "<{'always-ask': <false>, 'point': <(1.5, -2.0, 0.25)>}>)\n");
    EXPECT_EQ(reply("List", {"desktop-used-apps"}), "(['x-scheme-handler/https'],)\n");

    // On disk, for the next reader (the CLI, a restarted portal).
    auto other = PermissionDatabase::open(db_dir());
    ASSERT_TRUE(other);
    auto stored = (*other)->lookup("desktop-used-apps", "x-scheme-handler/https");
    ASSERT_TRUE(stored && stored->has_value());
    EXPECT_EQ((*stored)->data.print(), "{'always-ask': <false>, 'point': <(1.5, -2.0, 0.25)>}");

    EXPECT_EQ(reply("Delete", {"desktop-used-apps", "x-scheme-handler/https"}), "()\n");
    EXPECT_TRUE(
        failed_with(call("Lookup", {"desktop-used-apps", "x-scheme-handler/https"}), kNotFound));
    EXPECT_EQ(reply("List", {"desktop-used-apps"}), "(@as [],)\n");
}

TEST_F(PermissionStoreServiceTest, SetWithoutCreateNeedsTheEntry) {
    EXPECT_TRUE(
        failed_with(call("Set", {"t", "false", "id", "{'a': ['yes']}", "<true>"}), kNotFound));
    EXPECT_TRUE(failed_with(call("SetValue", {"t", "false", "id", "<true>"}), kNotFound));
    EXPECT_TRUE(
        failed_with(call("SetPermission", {"t", "false", "id", "a", "['yes']"}), kNotFound));
    EXPECT_EQ(reply("List", {"t"}), "(@as [],)\n");
    EXPECT_EQ(reply("SetValue", {"t", "true", "id", "<uint32 7>"}), "()\n");
    EXPECT_EQ(reply("Lookup", {"t", "id"}), "(@a{sas} {}, <uint32 7>)\n");
}

TEST_F(PermissionStoreServiceTest, PermissionsOfOneApp) {
    EXPECT_EQ(reply("SetPermission", {"clipboard", "true", "clipboard", "org.a.App", "['yes']"}),
              "()\n");
    EXPECT_EQ(reply("SetPermission", {"clipboard", "false", "clipboard", "org.b.App", "['no']"}),
              "()\n");
    EXPECT_EQ(reply("GetPermission", {"clipboard", "clipboard", "org.a.App"}), "(['yes'],)\n");
    EXPECT_EQ(reply("GetPermission", {"clipboard", "clipboard", "org.c.App"}), "(@as [],)\n");
    EXPECT_EQ(reply("Lookup", {"clipboard", "clipboard"}),
              "({'org.a.App': ['yes'], 'org.b.App': ['no']}, <byte 0x00>)\n");
    EXPECT_EQ(reply("DeletePermission", {"clipboard", "clipboard", "org.a.App"}), "()\n");
    EXPECT_EQ(reply("GetPermission", {"clipboard", "clipboard", "org.a.App"}), "(@as [],)\n");
    EXPECT_EQ(**db_->get_permission("clipboard", "clipboard", "org.b.App"),
              std::vector<std::string>{"no"});
}

TEST_F(PermissionStoreServiceTest, UnknownTablesAndIdsAreNotFound) {
    EXPECT_TRUE(failed_with(call("Lookup", {"no-table", "id"}), kNotFound));
    EXPECT_TRUE(failed_with(call("Delete", {"no-table", "id"}), kNotFound));
    EXPECT_TRUE(failed_with(call("GetPermission", {"no-table", "id", "app"}), kNotFound));
    EXPECT_TRUE(failed_with(call("DeletePermission", {"no-table", "id", "app"}), kNotFound));
    EXPECT_EQ(reply("List", {"no-table"}), "(@as [],)\n") << "as x-d-p's store answers";
}

TEST_F(PermissionStoreServiceTest, HostileNamesAreInvalidArguments) {
    for (const char* table : {"../escape", "a/b", ".lock", ""})
        EXPECT_TRUE(failed_with(call("SetPermission", {table, "true", "id", "app", "['yes']"}),
                                "org.freedesktop.portal.Error.InvalidArgument"))
            << table;
    EXPECT_TRUE(failed_with(call("SetPermission", {"t", "true", "", "app", "['yes']"}),
                            "org.freedesktop.portal.Error.InvalidArgument"));
    EXPECT_FALSE(std::filesystem::exists(scratch() / "data" / "sandbox" / "escape"));
}

TEST_F(PermissionStoreServiceTest, VersionIsTwo) {
    auto result = run_command({"gdbus", "call", "--address", bus_->address(), "--dest",
                               PermissionStoreService::kBusName, "--object-path",
                               PermissionStoreService::kObjectPath, "--method",
                               "org.freedesktop.DBus.Properties.Get", kInterface, "version"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, "(<uint32 2>,)\n");
}

TEST_F(PermissionStoreServiceTest, EveryChangeIsSignalled) {
    ASSERT_EQ(reply("SetPermission", {"t", "true", "id", "org.a.App", "['yes']"}), "()\n");
    auto set = watcher_->next();
    ASSERT_TRUE(set);
    EXPECT_EQ(set->table, "t");
    EXPECT_EQ(set->id, "id");
    EXPECT_FALSE(set->deleted);
    EXPECT_EQ(set->data.get<std::uint8_t>(), 0);
    EXPECT_EQ(set->permissions,
              (std::map<std::string, std::vector<std::string>>{{"org.a.App", {"yes"}}}));

    ASSERT_EQ(reply("SetValue", {"t", "false", "id", "<{'k': <'v'>}>"}), "()\n");
    auto value = watcher_->next();
    ASSERT_TRUE(value);
    EXPECT_EQ(value->data.peekValueType(), "a{sv}");

    // The frontend changes the database in-process; the service signals it all the same.
    ASSERT_TRUE(db_->set_permission("clipboard", "clipboard", "org.b.App", {"no"}, true));
    auto in_process = watcher_->next();
    ASSERT_TRUE(in_process);
    EXPECT_EQ(in_process->table, "clipboard");
    EXPECT_EQ(in_process->permissions.at("org.b.App"), std::vector<std::string>{"no"});

    ASSERT_EQ(reply("Delete", {"t", "id"}), "()\n");
    auto deleted = watcher_->next();
    ASSERT_TRUE(deleted);
    EXPECT_TRUE(deleted->deleted);
    EXPECT_EQ(deleted->id, "id");
    EXPECT_EQ(deleted->permissions.at("org.a.App"), std::vector<std::string>{"yes"});

    ASSERT_EQ(reply("GetPermission", {"clipboard", "clipboard", "org.b.App"}), "(['no'],)\n");
    EXPECT_EQ(watcher_->pending(), 0u) << "a read is no change";
}

TEST_F(PermissionStoreServiceTest, ChangesByTheCliAreSignalledWhenNoticed) {
    ASSERT_EQ(reply("SetPermission", {"clipboard", "true", "clipboard", "org.a.App", "['yes']"}),
              "()\n");
    ASSERT_TRUE(watcher_->next());
    CommandOptions options;
    options.environment = std::vector<std::string>{
        "HOME=" + scratch().string(), "XDG_DATA_HOME=" + (scratch() / "data").string()};
    auto reset = run_command({SANDBOX_TEST_SANDBOX, "permission-reset", "org.a.App"}, options);
    ASSERT_EQ(reset.status, 0) << reset.err;

    EXPECT_EQ(reply("GetPermission", {"clipboard", "clipboard", "org.a.App"}), "(@as [],)\n");
    auto noticed = watcher_->next();
    ASSERT_TRUE(noticed);
    EXPECT_EQ(noticed->table, "clipboard");
    EXPECT_FALSE(noticed->deleted);
    EXPECT_TRUE(noticed->permissions.empty());
}

TEST_F(PermissionStoreServiceTest, ASandboxedCallerIsRefused) {
    ASSERT_EQ(reply("SetPermission", {"clipboard", "true", "clipboard", "org.a.App", "['no']"}),
              "()\n");
    ASSERT_TRUE(watcher_->next());
    // An app granting itself the clipboard: gdbus in a sandbox with a /.flatpak-info of its own
    // (no instance in the registry carries it, so it cannot even pass for a known app).
    const std::string info = "[Application]\nname=org.a.App\n[Instance]\ninstance-id=1\n";
    UniqueFd info_fd = data_fd(info);
    std::vector<std::string> argv{SANDBOX_TEST_LAUNCH,
                                  "--unshare-pid",
                                  "--ro-bind",
                                  "/usr",
                                  "/usr",
                                  "--ro-bind",
                                  "/etc",
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
                                  "--ro-bind",
                                  bus_->socket().string(),
                                  bus_->socket().string(),
                                  "--ro-bind-data",
                                  "3",
                                  "/.flatpak-info"};
    const auto call =
        gdbus_call("SetPermission", {"clipboard", "true", "clipboard", "org.a.App", "['yes']"});
    argv.insert(argv.end(), call.begin(), call.end());
    CommandOptions options;
    options.extra_fds = {{info_fd.get(), 3}};
    auto refused = run_command(argv, options);
    EXPECT_TRUE(failed_with(refused, "org.freedesktop.portal.Error.NotAllowed"));
    EXPECT_EQ(**db_->get_permission("clipboard", "clipboard", "org.a.App"),
              std::vector<std::string>{"no"});
    EXPECT_EQ(watcher_->pending(), 0u);
}

}  // namespace
}  // namespace sandbox::test

// org.freedesktop.portal.Documents on a private bus, called by a host client (this process on a
// connection of its own), with the store mounted: exports show through the mount as granted.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <sdbus-c++/sdbus-c++.h>

#include "sandbox/common/files.hpp"
#include "sandbox/portals/documents/document_fuse.hpp"
#include "sandbox/portals/documents/documents_service.hpp"
#include "session/support/private_bus.hpp"
#include "support/files.hpp"

namespace sandbox::portals::documents {
namespace {

using sandbox::test::read_file;
using sandbox::test::write_file;
using Bytes = std::vector<uint8_t>;
using ExtraOut = std::map<std::string, sdbus::Variant>;

constexpr const char* kInterface = "org.freedesktop.portal.Documents";
constexpr const char* kServiceName = "org.freedesktop.portal.Documents";
constexpr const char* kApp = "org.example.A";

Bytes bytes_of(const std::filesystem::path& path) {
    Bytes bytes(path.native().begin(), path.native().end());
    bytes.push_back(0);
    return bytes;
}

class DocumentsServiceTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "docsvc-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        host_ = root_ / "host";
        mountpoint_ = root_ / "doc";
        std::filesystem::create_directories(host_);
        std::filesystem::create_directories(root_ / "instances");
        bus_ = sandbox::test::PrivateBus::start_session(root_ / "bus");
        store_ = std::move(DocumentStore::open(root_ / "db" / "documents").value());
        fuse_ = std::move(DocumentFuse::mount(*store_, mountpoint_).value());
        service_bus_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        callers_ = std::make_unique<CallerIdentifier>(*service_bus_, root_ / "instances");
        service_ =
            std::make_unique<DocumentsService>(*service_bus_, *store_, *callers_, mountpoint_);
        service_bus_->requestName(kServiceName);
        service_bus_->enterEventLoopAsync();
        client_bus_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        proxy_ = sdbus::createProxy(*client_bus_, kServiceName, kDocumentsObjectPath);
    }
    void TearDown() override {
        proxy_.reset();
        client_bus_.reset();
        service_bus_->leaveEventLoop();
        service_.reset();
        callers_.reset();
        service_bus_.reset();
        fuse_.reset();
        store_.reset();
        bus_.reset();
        sandbox::test::remove_tree(root_);
    }

    sdbus::UnixFd open_fd(const std::filesystem::path& path, int flags) {
        int fd = open(path.c_str(), flags | O_CLOEXEC);
        EXPECT_GE(fd, 0) << path << ": " << std::strerror(errno);
        return sdbus::UnixFd(fd, sdbus::adopt_fd);
    }
    std::string dbus_error_of(const std::function<void()>& call) {
        try {
            call();
        } catch (const sdbus::Error& error) {
            return error.getName();
        }
        return "";
    }

    std::filesystem::path root_, host_, mountpoint_;
    std::unique_ptr<sandbox::test::PrivateBus> bus_;
    std::unique_ptr<DocumentStore> store_;
    std::unique_ptr<DocumentFuse> fuse_;
    std::unique_ptr<sdbus::IConnection> service_bus_;
    std::unique_ptr<CallerIdentifier> callers_;
    std::unique_ptr<DocumentsService> service_;
    std::unique_ptr<sdbus::IConnection> client_bus_;
    std::unique_ptr<sdbus::IProxy> proxy_;
};

TEST_F(DocumentsServiceTest, VersionAndMountPoint) {
    std::uint32_t version = proxy_->getProperty("version").onInterface(kInterface);
    EXPECT_EQ(version, 4u);
    Bytes mountpoint;
    proxy_->callMethod("GetMountPoint").onInterface(kInterface).storeResultsTo(mountpoint);
    EXPECT_EQ(mountpoint, bytes_of(mountpoint_));
}

TEST_F(DocumentsServiceTest, AddThenLookupInfoListAndDelete) {
    write_file(host_ / "a.txt", "alpha");
    std::string id;
    proxy_->callMethod("Add")
        .onInterface(kInterface)
        .withArguments(open_fd(host_ / "a.txt", O_PATH), true, true)
        .storeResultsTo(id);
    ASSERT_TRUE(is_valid_document_id(id)) << id;
    EXPECT_EQ(read_file(mountpoint_ / id / "a.txt"), "alpha");

    std::string found;
    proxy_->callMethod("Lookup")
        .onInterface(kInterface)
        .withArguments(bytes_of(host_ / "a.txt"))
        .storeResultsTo(found);
    EXPECT_EQ(found, id);
    proxy_->callMethod("Lookup")
        .onInterface(kInterface)
        .withArguments(bytes_of(mountpoint_ / id / "a.txt"))
        .storeResultsTo(found);
    EXPECT_EQ(found, id);

    std::map<std::string, Bytes> listed;
    proxy_->callMethod("List").onInterface(kInterface).withArguments("").storeResultsTo(listed);
    EXPECT_EQ(listed, (std::map<std::string, Bytes>{{id, bytes_of(host_ / "a.txt")}}));

    proxy_->callMethod("Delete").onInterface(kInterface).withArguments(id);
    EXPECT_EQ(dbus_error_of([&] {
                  Bytes path;
                  std::map<std::string, std::vector<std::string>> apps;
                  proxy_->callMethod("Info")
                      .onInterface(kInterface)
                      .withArguments(id)
                      .storeResultsTo(path, apps);
              }),
              "org.freedesktop.portal.Error.NotFound");
}

TEST_F(DocumentsServiceTest, AddFullGrantsTheAppWhatShowsThroughItsView) {
    write_file(host_ / "a.txt", "alpha");
    std::vector<sdbus::UnixFd> fds{open_fd(host_ / "a.txt", O_PATH)};
    std::vector<std::string> ids;
    ExtraOut extra;
    proxy_->callMethod("AddFull")
        .onInterface(kInterface)
        .withArguments(fds, kAddReuseExisting | kAddPersistent | kAddAsNeededByApp, kApp,
                       std::vector<std::string>{"read"})
        .storeResultsTo(ids, extra);
    ASSERT_EQ(ids.size(), 1u);
    EXPECT_EQ(extra.at("mountpoint").get<Bytes>(), bytes_of(mountpoint_));
    auto in_view = mountpoint_ / "by-app" / kApp / ids[0] / "a.txt";
    EXPECT_EQ(read_file(in_view), "alpha");
    UniqueFd writer(open(in_view.c_str(), O_WRONLY | O_CLOEXEC));
    EXPECT_FALSE(writer);

    proxy_->callMethod("GrantPermissions")
        .onInterface(kInterface)
        .withArguments(ids[0], kApp, std::vector<std::string>{"write"});
    Bytes path;
    std::map<std::string, std::vector<std::string>> apps;
    proxy_->callMethod("Info")
        .onInterface(kInterface)
        .withArguments(ids[0])
        .storeResultsTo(path, apps);
    EXPECT_EQ(path, bytes_of(host_ / "a.txt"));
    EXPECT_EQ(apps, (std::map<std::string, std::vector<std::string>>{{kApp, {"read", "write"}}}));
    writer.reset(open(in_view.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
    ASSERT_TRUE(writer) << std::strerror(errno);
    ASSERT_TRUE(write_all(writer.get(), "changed"));
    writer.reset();
    EXPECT_EQ(read_file(host_ / "a.txt"), "changed");

    proxy_->callMethod("RevokePermissions")
        .onInterface(kInterface)
        .withArguments(ids[0], kApp, std::vector<std::string>{"read", "write"});
    EXPECT_FALSE(std::filesystem::exists(in_view));
}

TEST_F(DocumentsServiceTest, AddNamedFullLetsTheAppCreateTheFile) {
    std::string id;
    ExtraOut extra;
    proxy_->callMethod("AddNamedFull")
        .onInterface(kInterface)
        .withArguments(open_fd(host_, O_PATH | O_DIRECTORY), bytes_of("saved.txt"),
                       kAddReuseExisting | kAddPersistent, kApp,
                       std::vector<std::string>{"read", "write"})
        .storeResultsTo(id, extra);
    auto in_view = mountpoint_ / "by-app" / kApp / id / "saved.txt";
    write_file(in_view, "saved through the mount");
    EXPECT_EQ(read_file(host_ / "saved.txt"), "saved through the mount");
}

TEST_F(DocumentsServiceTest, BadArgumentsAreRefused) {
    write_file(host_ / "a.txt", "alpha");
    auto add_full = [&](sdbus::UnixFd fd, std::uint32_t flags, const std::string& app,
                        const std::vector<std::string>& permissions) {
        return dbus_error_of([&] {
            std::vector<std::string> ids;
            ExtraOut extra;
            proxy_->callMethod("AddFull")
                .onInterface(kInterface)
                .withArguments(std::vector<sdbus::UnixFd>{fd}, flags, app, permissions)
                .storeResultsTo(ids, extra);
        });
    };
    const std::string invalid = "org.freedesktop.portal.Error.InvalidArgument";
    EXPECT_EQ(add_full(open_fd(host_ / "a.txt", O_PATH), 0, kApp, {"execute"}), invalid);
    EXPECT_EQ(add_full(open_fd(host_ / "a.txt", O_PATH), 64, kApp, {"read"}), invalid);
    EXPECT_EQ(add_full(open_fd(host_ / "a.txt", O_PATH), 0, "not/an.app", {"read"}), invalid);
    EXPECT_EQ(add_full(open_fd(host_, O_PATH), 0, kApp, {"read"}), invalid);  // a directory
    int pipe_fds[2];
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    UniqueFd keep_write_end(pipe_fds[1]);
    EXPECT_EQ(add_full(sdbus::UnixFd(pipe_fds[0], sdbus::adopt_fd), 0, kApp, {"read"}), invalid);
    EXPECT_EQ(dbus_error_of([&] {
                  proxy_->callMethod("GrantPermissions")
                      .onInterface(kInterface)
                      .withArguments("zzzzzzzz", kApp, std::vector<std::string>{"read"});
              }),
              "org.freedesktop.portal.Error.NotFound");
    EXPECT_EQ(store_->list().size(), 0u);
}

}  // namespace
}  // namespace sandbox::portals::documents

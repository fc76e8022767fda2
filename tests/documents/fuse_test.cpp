// The document store through its FUSE mount: what the host and each app see, what a grant lets
// them do, and that the mount goes away (or a dead one is cleared) as it should.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>

#include "document_mount_fixture.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/common/forked_child.hpp"

namespace sandbox::portals::documents {
namespace {

using sandbox::test::read_file;
using sandbox::test::write_file;
using namespace sandbox::portals::documents::fuse_testing;

using DocumentFuseTest = DocumentMountTest;

TEST_F(DocumentFuseTest, TheHostSeesEveryDocument) {
    std::string a = export_file("a.txt", "alpha", kAppA, kRead);
    std::string b = export_file("b.txt", "beta", "", {});
    EXPECT_EQ(read_file(mountpoint_ / a / "a.txt"), "alpha");
    EXPECT_EQ(read_file(mountpoint_ / b / "b.txt"), "beta");
    std::set<std::string> listed;
    for (const auto& entry : std::filesystem::directory_iterator(mountpoint_))
        listed.insert(entry.path().filename().string());
    EXPECT_EQ(listed, (std::set<std::string>{"by-app", a, b}));
    EXPECT_EQ(stat_errno(mountpoint_ / "zzzzzzzz"), ENOENT);
    EXPECT_EQ(stat_errno(mountpoint_ / a / "other-name"), ENOENT);
}

TEST_F(DocumentFuseTest, AnAppSeesOnlyItsOwnDocuments) {
    std::string a = export_file("a.txt", "alpha", kAppA, kRead);
    std::string b = export_file("b.txt", "beta", kAppB, kRead);
    EXPECT_EQ(read_file(app_view(kAppA) / a / "a.txt"), "alpha");
    EXPECT_EQ(stat_errno(app_view(kAppB) / a), ENOENT);
    EXPECT_EQ(stat_errno(app_view(kAppB) / a / "a.txt"), ENOENT);
    std::set<std::string> listed;
    for (const auto& entry : std::filesystem::directory_iterator(app_view(kAppA)))
        listed.insert(entry.path().filename().string());
    EXPECT_EQ(listed, std::set<std::string>{a});
    // An app with nothing yet still has its (empty) view, for a sandbox to bind.
    EXPECT_EQ(stat_errno(app_view("org.example.Nothing")), 0);
    EXPECT_EQ(stat_errno(app_view("not-an-app-id")), ENOENT);
}

TEST_F(DocumentFuseTest, AReadOnlyGrantRefusesWrites) {
    std::string a = export_file("a.txt", "alpha", kAppA, kRead);
    auto path = app_view(kAppA) / a / "a.txt";
    struct stat st {};
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0222, 0u);
    int error = open_errno(path, O_WRONLY);
    EXPECT_TRUE(error == EACCES || error == EROFS) << std::strerror(error);
    EXPECT_EQ(open_errno(path, O_RDONLY | O_TRUNC), EACCES);
    EXPECT_EQ(truncate(path.c_str(), 0), -1);
    EXPECT_EQ(open_errno(app_view(kAppA) / a / "new.txt", O_WRONLY | O_CREAT), EACCES);
    EXPECT_EQ(read_file(host_ / "a.txt"), "alpha");
}

TEST_F(DocumentFuseTest, AWritableGrantWritesReachTheHostFile) {
    std::string a = export_file("a.txt", "alpha", kAppA, kReadWrite);
    auto path = app_view(kAppA) / a / "a.txt";
    {
        UniqueFd fd(open(path.c_str(), O_RDWR | O_TRUNC | O_CLOEXEC));
        ASSERT_TRUE(fd) << std::strerror(errno);
        ASSERT_TRUE(write_all(fd.get(), "rewritten"));
    }
    EXPECT_EQ(read_file(host_ / "a.txt"), "rewritten");
    ASSERT_EQ(truncate(path.c_str(), 3), 0) << std::strerror(errno);
    EXPECT_EQ(read_file(host_ / "a.txt"), "rew");
}

TEST_F(DocumentFuseTest, ANamedDocumentIsCreatedOnTheHostByWritingThroughTheMount) {
    auto id = store_->export_for_app(host_ / "new.txt", kAppA, kReadWrite, {.named = true});
    ASSERT_TRUE(id) << id.error().message();
    auto dir = app_view(kAppA) / *id;
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    // Another name is a temporary file of the app's (save_by_rename_test.cpp), not a host file.
    EXPECT_EQ(open_errno(dir / "another-name.txt", O_WRONLY | O_CREAT), 0);
    EXPECT_EQ(stat_errno(host_ / "another-name.txt"), ENOENT);
    EXPECT_EQ(stat_errno(app_view(kAppB) / *id), ENOENT);
    ASSERT_EQ(unlink((dir / "another-name.txt").c_str()), 0);
    {
        UniqueFd fd(
            open((dir / "new.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        ASSERT_TRUE(fd) << std::strerror(errno);
        ASSERT_TRUE(write_all(fd.get(), "saved"));
    }
    EXPECT_EQ(read_file(host_ / "new.txt"), "saved");
    EXPECT_EQ(read_file(dir / "new.txt"), "saved");
}

TEST_F(DocumentFuseTest, ALinkPlantedAtTheHostPathIsNotFollowed) {
    write_file(root_ / "secret.txt", "secret");
    std::string a = export_file("a.txt", "alpha", kAppA, kReadWrite);
    std::filesystem::remove(host_ / "a.txt");
    std::filesystem::create_symlink(root_ / "secret.txt", host_ / "a.txt");
    auto path = app_view(kAppA) / a / "a.txt";
    EXPECT_NE(open_errno(path, O_RDONLY), 0);
    EXPECT_NE(open_errno(path, O_WRONLY | O_CREAT | O_TRUNC), 0);
    EXPECT_EQ(read_file(root_ / "secret.txt"), "secret");
}

TEST_F(DocumentFuseTest, ARevokedGrantShowsAtOnce) {
    std::string a = export_file("a.txt", "alpha", kAppA, kRead);
    auto path = app_view(kAppA) / a / "a.txt";
    ASSERT_EQ(stat_errno(path), 0);
    ASSERT_TRUE(store_->revoke(a, kAppA, kRead));
    EXPECT_EQ(stat_errno(path), ENOENT);
    EXPECT_EQ(stat_errno(mountpoint_ / a / "a.txt"), 0);
}

TEST_F(DocumentFuseTest, UnmountingLeavesNoMountBehind) {
    fuse_.reset();
    EXPECT_FALSE(mounted_at(mountpoint_));
    EXPECT_EQ(stat_errno(mountpoint_), 0);
    mount();  // and the same place can be mounted again
}

TEST_F(DocumentFuseTest, AMountLeftByAKilledPortalIsCleared) {
    fuse_.reset();
    int ready[2];
    ASSERT_EQ(pipe2(ready, O_CLOEXEC), 0);
    UniqueFd ready_read(ready[0]), ready_write(ready[1]);
    auto child = ForkedChild::start([&] {
        auto fuse = DocumentFuse::mount(*store_, mountpoint_);
        if (!fuse) return 1;
        if (write(ready_write.get(), "r", 1) != 1) return 1;
        for (;;) pause();
    });
    ASSERT_TRUE(child) << child.error().message();
    ready_write.reset();
    char byte = 0;
    ASSERT_EQ(read(ready_read.get(), &byte, 1), 1);
    child->kill_and_reap();
    EXPECT_EQ(stat_errno(mountpoint_), ENOTCONN);
    std::string a = export_file("a.txt", "alpha", kAppA, kRead);
    mount();
    EXPECT_EQ(read_file(app_view(kAppA) / a / "a.txt"), "alpha");
}

}  // namespace
}  // namespace sandbox::portals::documents

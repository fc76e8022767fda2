// A directory exported whole (FileChooser's directory=true, Documents.AddFull's export-directory):
// everything beneath it through the mount, the grant applied to all of it, and links inside it
// shown but never followed out of it.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <set>
#include <string>

#include "document_mount_fixture.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals::documents {
namespace {

using namespace fuse_testing;
using sandbox::test::read_file;
using sandbox::test::write_file;

class DirectoryDocumentTest : public DocumentMountTest {
  protected:
    void SetUp() override {
        DocumentMountTest::SetUp();
        std::filesystem::create_directories(host_ / "project" / "sub");
        write_file(host_ / "project" / "a.txt", "alpha");
        write_file(host_ / "project" / "sub" / "b.txt", "beta");
    }
    std::filesystem::path exported(const std::string& app_id, DocumentPermissions permissions) {
        std::string id = export_directory("project", app_id, permissions);
        return app_view(app_id) / id / "project";
    }
};

bool same_text(const std::filesystem::path& path, const std::string& text) {
    return std::filesystem::exists(path) && read_file(path) == text;
}

TEST_F(DirectoryDocumentTest, TheWholeTreeIsListedAndRead) {
    auto dir = exported(kAppA, kRead);
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"a.txt", "sub"}));
    EXPECT_EQ(names_in(dir / "sub"), std::set<std::string>{"b.txt"});
    EXPECT_EQ(read_file(dir / "a.txt"), "alpha");
    EXPECT_EQ(read_file(dir / "sub" / "b.txt"), "beta");
    EXPECT_TRUE(std::filesystem::is_directory(dir / "sub"));
    EXPECT_EQ(stat_errno(dir / "missing"), ENOENT);
}

TEST_F(DirectoryDocumentTest, AWritableGrantChangesTheHostTree) {
    auto dir = exported(kAppA, kReadWrite);
    write_file(dir / "a.txt", "rewritten");
    EXPECT_EQ(read_file(host_ / "project" / "a.txt"), "rewritten");
    write_file(dir / "new.txt", "new");
    EXPECT_EQ(read_file(host_ / "project" / "new.txt"), "new");
    ASSERT_EQ(mkdir((dir / "made").c_str(), 0755), 0) << std::strerror(errno);
    write_file(dir / "made" / "c.txt", "gamma");
    EXPECT_EQ(read_file(host_ / "project" / "made" / "c.txt"), "gamma");
    ASSERT_EQ(truncate((dir / "made" / "c.txt").c_str(), 2), 0) << std::strerror(errno);
    EXPECT_EQ(read_file(host_ / "project" / "made" / "c.txt"), "ga");

    ASSERT_EQ(rename((dir / "a.txt").c_str(), (dir / "sub" / "a2.txt").c_str()), 0)
        << std::strerror(errno);
    EXPECT_EQ(read_file(host_ / "project" / "sub" / "a2.txt"), "rewritten");
    ASSERT_EQ(rename((dir / "sub").c_str(), (dir / "moved").c_str()), 0) << std::strerror(errno);
    EXPECT_EQ(read_file(dir / "moved" / "b.txt"), "beta");
    EXPECT_TRUE(std::filesystem::is_directory(host_ / "project" / "moved"));

    ASSERT_EQ(unlink((dir / "new.txt").c_str()), 0) << std::strerror(errno);
    ASSERT_EQ(unlink((dir / "made" / "c.txt").c_str()), 0) << std::strerror(errno);
    ASSERT_EQ(rmdir((dir / "made").c_str()), 0) << std::strerror(errno);
    EXPECT_EQ(names_in(host_ / "project"), std::set<std::string>{"moved"});
    EXPECT_EQ(names_in(dir), std::set<std::string>{"moved"});
}

TEST_F(DirectoryDocumentTest, ADirectoryHeldOpenFollowsItsRename) {
    auto dir = exported(kAppA, kReadWrite);
    UniqueFd sub(open((dir / "sub").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(sub) << std::strerror(errno);
    ASSERT_EQ(rename((dir / "sub").c_str(), (dir / "renamed").c_str()), 0) << std::strerror(errno);
    UniqueFd b(openat(sub.get(), "b.txt", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(b) << std::strerror(errno);
    EXPECT_EQ(read_all(b.get()).value(), "beta");
}

TEST_F(DirectoryDocumentTest, AReadOnlyGrantRefusesEveryChange) {
    auto dir = exported(kAppA, kRead);
    auto refused = [](int result) { return result == -1 && (errno == EACCES || errno == EROFS); };
    EXPECT_NE(open_errno(dir / "a.txt", O_WRONLY), 0);
    EXPECT_NE(open_errno(dir / "sub" / "b.txt", O_RDWR), 0);
    EXPECT_NE(open_errno(dir / "new.txt", O_WRONLY | O_CREAT), 0);
    EXPECT_TRUE(refused(mkdir((dir / "made").c_str(), 0755)));
    EXPECT_TRUE(refused(unlink((dir / "a.txt").c_str())));
    EXPECT_TRUE(refused(unlink((dir / "sub" / "b.txt").c_str())));
    EXPECT_TRUE(refused(rename((dir / "a.txt").c_str(), (dir / "sub" / "a.txt").c_str())));
    EXPECT_TRUE(refused(truncate((dir / "a.txt").c_str(), 0)));
    std::filesystem::remove(host_ / "project" / "sub" / "b.txt");
    EXPECT_TRUE(refused(rmdir((dir / "sub").c_str())));
    EXPECT_EQ(read_file(host_ / "project" / "a.txt"), "alpha");
    EXPECT_EQ(names_in(host_ / "project"), (std::set<std::string>{"a.txt", "sub"}));
    struct stat st {};
    ASSERT_EQ(stat((dir / "a.txt").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0222, 0u);
}

// Relative to the host directory these links lead to ROOT/outside; relative to the mount they
// lead nowhere. Whatever the store would follow, the caller would read "secret".
TEST_F(DirectoryDocumentTest, ALinkInsideTheTreeIsShownButNeverFollowed) {
    write_file(root_ / "outside" / "secret.txt", "secret", sandbox::test::kReadableMode);
    std::filesystem::create_symlink("../../outside/secret.txt", host_ / "project" / "escape");
    std::filesystem::create_symlink("../../outside", host_ / "project" / "escape-dir");
    std::filesystem::create_symlink(root_ / "outside" / "secret.txt", host_ / "project" / "abs");
    auto dir = exported(kAppA, kReadWrite);

    EXPECT_TRUE(std::filesystem::is_symlink(std::filesystem::symlink_status(dir / "escape")));
    EXPECT_EQ(std::filesystem::read_symlink(dir / "escape"), "../../outside/secret.txt");
    EXPECT_FALSE(same_text(dir / "escape", "secret"));
    EXPECT_FALSE(same_text(dir / "escape-dir" / "secret.txt", "secret"));
    EXPECT_EQ(open_errno(dir / "abs", O_RDONLY | O_NOFOLLOW), ELOOP);
    EXPECT_NE(open_errno(dir / "escape", O_WRONLY | O_TRUNC), 0);
    EXPECT_EQ(read_file(root_ / "outside" / "secret.txt"), "secret");
}

// The kernel holds the node of sub/mid/inner by its number; the store finds it by its path again,
// where `sub` is now a link out of the tree.
TEST_F(DirectoryDocumentTest, ADirectorySwappedForALinkBehindAnOpenFdIsNotFollowed) {
    write_file(host_ / "project" / "sub" / "mid" / "inner" / "b.txt", "inner",
               sandbox::test::kReadableMode);
    write_file(root_ / "outside" / "mid" / "inner" / "b.txt", "secret",
               sandbox::test::kReadableMode);
    auto dir = exported(kAppA, kReadWrite);
    UniqueFd inner(
        open((dir / "sub" / "mid" / "inner").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(inner) << std::strerror(errno);
    {
        UniqueFd b(openat(inner.get(), "b.txt", O_RDONLY | O_CLOEXEC));
        ASSERT_TRUE(b) << std::strerror(errno);
        EXPECT_EQ(read_all(b.get()).value(), "inner");
    }
    std::filesystem::rename(host_ / "project" / "sub", host_ / "project" / "sub-old");
    std::filesystem::create_symlink(root_ / "outside", host_ / "project" / "sub");
    UniqueFd b(openat(inner.get(), "b.txt", O_RDONLY | O_CLOEXEC));
    EXPECT_FALSE(b && read_all(b.get()).value() == "secret");
    UniqueFd planted(openat(inner.get(), "planted", O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    EXPECT_FALSE(planted);
    EXPECT_FALSE(std::filesystem::exists(root_ / "outside" / "mid" / "inner" / "planted"));
}

TEST_F(DirectoryDocumentTest, AppsMakeNoLinks) {
    auto dir = exported(kAppA, kReadWrite);
    EXPECT_EQ(symlink("/etc/passwd", (dir / "link").c_str()), -1);
    EXPECT_EQ(errno, EPERM);
    EXPECT_EQ(link((dir / "a.txt").c_str(), (dir / "hard").c_str()), -1);
    EXPECT_EQ(errno, EPERM);
    EXPECT_EQ(names_in(host_ / "project"), (std::set<std::string>{"a.txt", "sub"}));
}

TEST_F(DirectoryDocumentTest, AnotherAppDoesNotSeeIt) {
    auto dir = exported(kAppA, kReadWrite);
    std::string id = dir.parent_path().filename().string();
    EXPECT_EQ(stat_errno(app_view(kAppB) / id), ENOENT);
    EXPECT_EQ(stat_errno(app_view(kAppB) / id / "project" / "a.txt"), ENOENT);
    EXPECT_EQ(read_file(mountpoint_ / id / "project" / "sub" / "b.txt"), "beta");
}

}  // namespace
}  // namespace sandbox::portals::documents

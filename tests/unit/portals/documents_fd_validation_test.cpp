#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "documents_test_files.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/portals/documents/fd_validation.hpp"

namespace sandbox::portals::documents {
namespace {

Caller host() {
    return Caller{};
}

Caller sandboxed() {
    Caller caller;
    caller.kind = Caller::Kind::Sandboxed;
    caller.app_id = "org.example.App";
    caller.app_path = "/nonexistent/app";
    caller.runtime_path = "/nonexistent/runtime";
    return caller;
}

const PathRemap kRemap{"/nonexistent/doc", "/run/user/4242/doc"};

class FdValidationTest : public testing::DocumentsTempDir {
  protected:
    UniqueFd open_file(const std::filesystem::path& path, int flags) {
        UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
        EXPECT_TRUE(fd) << path;
        return fd;
    }
    static void expect_invalid(const Result<CallerFile>& result) {
        ASSERT_FALSE(result);
        EXPECT_EQ(result.error().message(), kInvalidFdMessage);
    }
};

TEST_F(FdValidationTest, AHostFdIsItsPathAndWritable) {
    auto file = make_file("a.txt");
    auto fd = open_file(file, O_RDONLY);
    auto result = validate_caller_fd(fd.get(), host(), kRemap);
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->host_path, file);
    EXPECT_TRUE(result->writable);
    EXPECT_FALSE(result->directory);
}

TEST_F(FdValidationTest, ASandboxedFdIsWritableOnlyWhenOpenedReadWrite) {
    auto file = make_file("a.txt");
    auto read_only = validate_caller_fd(open_file(file, O_RDONLY).get(), sandboxed(), kRemap);
    ASSERT_TRUE(read_only);
    EXPECT_FALSE(read_only->writable);
    auto read_write = validate_caller_fd(open_file(file, O_RDWR).get(), sandboxed(), kRemap);
    ASSERT_TRUE(read_write);
    EXPECT_TRUE(read_write->writable);
    expect_invalid(validate_caller_fd(open_file(file, O_WRONLY).get(), sandboxed(), kRemap));
}

TEST_F(FdValidationTest, OPathFdsAreCheckedWithAccess) {
    auto file = make_file("a.txt");
    auto result = validate_caller_fd(open_file(file, O_PATH).get(), sandboxed(), kRemap);
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->writable);
    if (geteuid() == 0) GTEST_SKIP() << "root passes every access() check";
    std::filesystem::permissions(file, std::filesystem::perms::owner_read);
    result = validate_caller_fd(open_file(file, O_PATH).get(), sandboxed(), kRemap);
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->writable);
    std::filesystem::permissions(file, std::filesystem::perms::none);
    expect_invalid(validate_caller_fd(open_file(file, O_PATH).get(), sandboxed(), kRemap));
}

TEST_F(FdValidationTest, OPathWithNoFollowIsRefused) {
    auto file = make_file("a.txt");
    std::filesystem::create_symlink(file, dir() / "link");
    expect_invalid(
        validate_caller_fd(open_file(dir() / "link", O_PATH | O_NOFOLLOW).get(), host(), kRemap));
    expect_invalid(validate_caller_fd(open_file(file, O_PATH | O_NOFOLLOW).get(), host(), kRemap));
}

TEST_F(FdValidationTest, DirectoriesAreMarked) {
    auto result =
        validate_caller_fd(open_file(dir(), O_PATH | O_DIRECTORY).get(), sandboxed(), kRemap);
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->directory);
    EXPECT_EQ(result->host_path, dir());
}

TEST_F(FdValidationTest, PipesSocketsAndBadFdsAreRefused) {
    int pipe_fds[2];
    ASSERT_EQ(pipe2(pipe_fds, O_CLOEXEC), 0);
    UniqueFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
    expect_invalid(validate_caller_fd(read_end.get(), host(), kRemap));
    int socket_fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socket_fds), 0);
    UniqueFd first(socket_fds[0]), second(socket_fds[1]);
    expect_invalid(validate_caller_fd(first.get(), host(), kRemap));
    expect_invalid(validate_caller_fd(-1, host(), kRemap));
    expect_invalid(validate_caller_fd(987654, host(), kRemap));
}

TEST_F(FdValidationTest, DeletedFilesAreRefused) {
    auto file = make_file("a.txt");
    auto fd = open_file(file, O_RDONLY);
    std::filesystem::remove(file);
    expect_invalid(validate_caller_fd(fd.get(), host(), kRemap));
}

// The remapped path (the sandbox's document dir moved to the store's by-app view) decides: it
// must name the fd's inode itself, not through a link planted there.
class RemappedFdTest : public FdValidationTest {
  protected:
    void SetUp() override {
        FdValidationTest::SetUp();
        remap_ = {dir() / "mount", dir() / "inside"};
        inside_file_ = make_file("inside/a.txt");
        host_view_ = dir() / "mount" / "by-app" / "org.example.App";
        std::filesystem::create_directories(host_view_);
    }
    Result<CallerFile> validate() {
        return validate_caller_fd(open_file(inside_file_, O_RDONLY).get(), sandboxed(), remap_);
    }

    PathRemap remap_;
    std::filesystem::path inside_file_;
    std::filesystem::path host_view_;
};

TEST_F(RemappedFdTest, TheSameInodeAtTheRemappedPathIsAccepted) {
    std::filesystem::create_hard_link(inside_file_, host_view_ / "a.txt");
    auto result = validate();
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(result->host_path, host_view_ / "a.txt");
}

TEST_F(RemappedFdTest, ASymlinkToTheInodeAtTheRemappedPathIsRefused) {
    std::filesystem::create_symlink(inside_file_, host_view_ / "a.txt");
    expect_invalid(validate());
}

TEST_F(RemappedFdTest, AnotherFileAtTheRemappedPathIsRefused) {
    make_file("mount/by-app/org.example.App/a.txt");
    expect_invalid(validate());
}

TEST_F(RemappedFdTest, NothingAtTheRemappedPathIsRefused) {
    expect_invalid(validate());
}

TEST_F(RemappedFdTest, TheHostIsNotRemapped) {
    auto result = validate_caller_fd(open_file(inside_file_, O_RDONLY).get(), host(), remap_);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->host_path, inside_file_);
}

}  // namespace
}  // namespace sandbox::portals::documents

// The clipboard portal's checks on what a caller hands it: MIME types and content fds.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "clipboard_validation.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::portals {
namespace {

TEST(ClipboardMimeType, AcceptsTypesAndParameters) {
    EXPECT_TRUE(is_valid_mime_type("text/plain"));
    EXPECT_TRUE(is_valid_mime_type("text/plain;charset=utf-8"));
    EXPECT_TRUE(is_valid_mime_type("image/svg+xml"));
    EXPECT_TRUE(is_valid_mime_type("application/vnd.portal.filetransfer"));
    EXPECT_TRUE(is_valid_mime_type("x-special/gnome-copied-files"));
    EXPECT_TRUE(is_valid_mime_type("text/plain;charset=utf-8;format=flowed"));
}

TEST(ClipboardMimeType, RefusesWhatIsNotTypeSlashSubtype) {
    EXPECT_FALSE(is_valid_mime_type(""));
    EXPECT_FALSE(is_valid_mime_type("TARGETS"));
    EXPECT_FALSE(is_valid_mime_type("UTF8_STRING"));
    EXPECT_FALSE(is_valid_mime_type("text/"));
    EXPECT_FALSE(is_valid_mime_type("/plain"));
    EXPECT_FALSE(is_valid_mime_type("text/plain/extra"));
    EXPECT_FALSE(is_valid_mime_type("text/plain;"));
    EXPECT_FALSE(is_valid_mime_type("text/plain;charset"));
    EXPECT_FALSE(is_valid_mime_type("text/plain;charset="));
    EXPECT_FALSE(is_valid_mime_type("text/plain; charset=utf-8"));
    EXPECT_FALSE(is_valid_mime_type("text/plain;charset=\"utf-8\""));
}

TEST(ClipboardMimeType, RefusesWhatCouldReadAsAnOptionOrBreakAnArgument) {
    EXPECT_FALSE(is_valid_mime_type("-o/x"));
    EXPECT_FALSE(is_valid_mime_type("--type/x"));
    EXPECT_FALSE(is_valid_mime_type("text/plain x"));
    EXPECT_FALSE(is_valid_mime_type("text/plain\n"));
    EXPECT_FALSE(is_valid_mime_type(std::string("text/pl\0ain", 11)));
    EXPECT_FALSE(is_valid_mime_type("text/pl\xc3\xa4in"));
    EXPECT_FALSE(is_valid_mime_type("text/plain\t"));
}

TEST(ClipboardMimeType, CapsTheLength) {
    const std::string longest = "text/" + std::string(kMaxMimeTypeLength - 5, 'a');
    EXPECT_TRUE(is_valid_mime_type(longest));
    EXPECT_FALSE(is_valid_mime_type(longest + "a"));
}

TEST(ClipboardContentFd, AcceptsPipesAndRegularFilesOpenForReading) {
    int ends[2];
    ASSERT_EQ(pipe2(ends, O_CLOEXEC), 0);
    UniqueFd read_end(ends[0]);
    UniqueFd write_end(ends[1]);
    EXPECT_TRUE(check_readable_content_fd(read_end.get()).ok());
    EXPECT_FALSE(check_readable_content_fd(write_end.get()).ok());

    UniqueFd file(open("/etc/hostname", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(file);
    EXPECT_TRUE(check_readable_content_fd(file.get()).ok());
}

TEST(ClipboardContentFd, RefusesEverythingElse) {
    UniqueFd directory(open("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(directory);
    EXPECT_FALSE(check_readable_content_fd(directory.get()).ok());

    UniqueFd device(open("/dev/zero", O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(device);
    EXPECT_FALSE(check_readable_content_fd(device.get()).ok());

    UniqueFd path_only(open("/etc/hostname", O_PATH | O_CLOEXEC));
    ASSERT_TRUE(path_only);
    EXPECT_FALSE(check_readable_content_fd(path_only.get()).ok());

    UniqueFd write_only(open("/dev/null", O_WRONLY | O_CLOEXEC));
    ASSERT_TRUE(write_only);
    EXPECT_FALSE(check_readable_content_fd(write_only.get()).ok());

    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd socket_a(pair[0]);
    UniqueFd socket_b(pair[1]);
    EXPECT_FALSE(check_readable_content_fd(socket_a.get()).ok());

    EXPECT_FALSE(check_readable_content_fd(-1).ok());
}

}  // namespace
}  // namespace sandbox::portals

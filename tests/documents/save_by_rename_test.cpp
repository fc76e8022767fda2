// Saving a single-file document the way editors do: a temporary file beside it, renamed over it
// (GLib's g_file_replace, LibreOffice), sometimes with a backup NAME~. The temporary files are the
// app's own: hidden names of ours on the host, seen under the app's names only in its view.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string>

#include "document_mount_fixture.hpp"

namespace sandbox::portals::documents {
namespace {

using namespace fuse_testing;
using sandbox::test::read_file;
using sandbox::test::write_file;

class SaveByRenameTest : public DocumentMountTest {
  protected:
    std::filesystem::path document_dir(const std::string& app_id, DocumentPermissions permissions) {
        id_ = export_file("a.txt", "old", app_id, permissions);
        return app_view(app_id) / id_;
    }
    // The host directory's names, the hidden ones of ours counted but not named.
    std::set<std::string> host_names(int& hidden) const {
        std::set<std::string> names;
        hidden = 0;
        for (const auto& name : names_in(host_)) {
            if (name.rfind(".sandbox-", 0) == 0)
                ++hidden;
            else
                names.insert(name);
        }
        return names;
    }
    ino_t host_inode() const {
        struct stat st {};
        EXPECT_EQ(stat((host_ / "a.txt").c_str(), &st), 0);
        return st.st_ino;
    }
    void save(const std::filesystem::path& dir, const std::string& temp, const std::string& text) {
        write_file(dir / temp, text);
        ASSERT_EQ(rename((dir / temp).c_str(), (dir / "a.txt").c_str()), 0)
            << temp << ": " << std::strerror(errno);
    }

    std::string id_;
};

TEST_F(SaveByRenameTest, RenamingATemporaryFileOverTheDocumentReplacesTheHostFile) {
    auto dir = document_dir(kAppA, kReadWrite);
    ino_t before = host_inode();
    write_file(dir / "a.txt.tmp", "new");
    int hidden = 0;
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 1);
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"a.txt", "a.txt.tmp"}));
    EXPECT_EQ(read_file(dir / "a.txt.tmp"), "new");
    ASSERT_EQ(rename((dir / "a.txt.tmp").c_str(), (dir / "a.txt").c_str()), 0)
        << std::strerror(errno);
    EXPECT_EQ(read_file(host_ / "a.txt"), "new");
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 0);
    EXPECT_EQ(names_in(dir), std::set<std::string>{"a.txt"});
    ino_t after = host_inode();
    EXPECT_NE(before, after);

    // The document follows the new file: read, saved again, and found again by its path.
    EXPECT_EQ(read_file(dir / "a.txt"), "new");
    save(dir, ".goutputstream-ABC123", "newer");
    EXPECT_EQ(read_file(host_ / "a.txt"), "newer");
    EXPECT_EQ(read_file(dir / "a.txt"), "newer");
    auto again = store_->export_for_app(host_ / "a.txt", kAppA, kRead, {});
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(*again, id_);
}

TEST_F(SaveByRenameTest, ABackupIsTheAppsOwnAndGoesWhenRemoved) {
    auto dir = document_dir(kAppA, kReadWrite);
    write_file(dir / ".goutputstream-XYZ", "new");
    ASSERT_EQ(rename((dir / "a.txt").c_str(), (dir / "a.txt~").c_str()), 0) << std::strerror(errno);
    ASSERT_EQ(rename((dir / ".goutputstream-XYZ").c_str(), (dir / "a.txt").c_str()), 0)
        << std::strerror(errno);
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"a.txt", "a.txt~"}));
    EXPECT_EQ(read_file(dir / "a.txt~"), "old");
    EXPECT_EQ(read_file(host_ / "a.txt"), "new");
    int hidden = 0;
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 1);
    ASSERT_EQ(unlink((dir / "a.txt~").c_str()), 0) << std::strerror(errno);
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 0);
    EXPECT_EQ(names_in(dir), std::set<std::string>{"a.txt"});
}

TEST_F(SaveByRenameTest, WithoutWriteNothingIsMade) {
    auto dir = document_dir(kAppA, kRead);
    EXPECT_EQ(open_errno(dir / "a.txt.tmp", O_WRONLY | O_CREAT), EACCES);
    EXPECT_EQ(rename((dir / "a.txt").c_str(), (dir / "a.txt~").c_str()), -1);
    EXPECT_EQ(errno, EACCES);
    EXPECT_EQ(unlink((dir / "a.txt").c_str()), -1);
    int hidden = 0;
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 0);
    EXPECT_EQ(read_file(host_ / "a.txt"), "old");
}

TEST_F(SaveByRenameTest, OnlyTheAppThatMadeATemporaryFileSeesIt) {
    auto dir = document_dir(kAppA, kReadWrite);
    ASSERT_TRUE(store_->grant(id_, kAppB, kReadWrite));
    write_file(dir / "a.txt.tmp", "mine");
    auto other = app_view(kAppB) / id_;
    EXPECT_EQ(names_in(other), std::set<std::string>{"a.txt"});
    EXPECT_EQ(stat_errno(other / "a.txt.tmp"), ENOENT);
    EXPECT_EQ(rename((other / "a.txt.tmp").c_str(), (other / "a.txt").c_str()), -1);
    EXPECT_EQ(names_in(mountpoint_ / id_), std::set<std::string>{"a.txt"});
    // B's own file of the same name is another file.
    write_file(other / "a.txt.tmp", "theirs");
    EXPECT_EQ(read_file(dir / "a.txt.tmp"), "mine");
    EXPECT_EQ(read_file(host_ / "a.txt"), "old");
}

TEST_F(SaveByRenameTest, NoHostFileIsMadeOrTakenOver) {
    write_file(host_ / "neighbour.txt", "theirs");
    auto dir = document_dir(kAppA, kReadWrite);
    write_file(dir / "neighbour.txt", "mine");
    ASSERT_EQ(rename((dir / "neighbour.txt").c_str(), (dir / "other.txt").c_str()), 0)
        << std::strerror(errno);
    EXPECT_EQ(read_file(host_ / "neighbour.txt"), "theirs");
    EXPECT_EQ(stat_errno(host_ / "other.txt"), ENOENT);
    EXPECT_EQ(read_file(dir / "other.txt"), "mine");
    EXPECT_EQ(stat_errno(dir / "neighbour.txt"), ENOENT);
    EXPECT_EQ(mkdir((dir / "made").c_str(), 0755), -1);
    EXPECT_EQ(symlink("/etc/passwd", (dir / "link").c_str()), -1);
}

TEST_F(SaveByRenameTest, TemporaryFilesLeftBehindGoAtUnmount) {
    auto dir = document_dir(kAppA, kReadWrite);
    write_file(dir / "a.txt.tmp", "unsaved");
    fuse_.reset();
    int hidden = 0;
    EXPECT_EQ(host_names(hidden), std::set<std::string>{"a.txt"});
    EXPECT_EQ(hidden, 0);
    mount();
    EXPECT_EQ(names_in(app_view(kAppA) / id_), std::set<std::string>{"a.txt"});
}

TEST_F(SaveByRenameTest, AnAppKeepsOnlyAFewTemporaryFiles) {
    auto dir = document_dir(kAppA, kReadWrite);
    int made = 0;
    for (int i = 0; i < 40; ++i)
        if (open_errno(dir / ("t" + std::to_string(i)), O_WRONLY | O_CREAT) == 0) ++made;
    EXPECT_EQ(made, 16);
}

}  // namespace
}  // namespace sandbox::portals::documents

// A full disk during a pull. The installation lives on a small tmpfs of its own, mounted in a user
// and mount namespace (unshare -Urm) that a holder process keeps; each `sandbox` command joins it
// with nsenter, and the test reads the installation through /proc/HOLDER/root. The pull fails with
// one line, the installation is as it was, the previous commit still runs, and the next command
// succeeds once there is room; nothing of it is left on the host.

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <gmock/gmock.h>

#include <random>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

constexpr auto kCommandTimeout = std::chrono::seconds(120);

std::string random_bytes(std::size_t size) {
    std::mt19937_64 generator(42);
    std::string bytes(size, '\0');
    for (auto& byte : bytes) byte = static_cast<char>(generator());
    return bytes;
}

class DiskFullTest : public StoreTest {
  protected:
    void TearDown() override {
        holder_.reset();
        EXPECT_TRUE(fs::is_empty(disk())) << "the tmpfs's contents show on the host";
        StoreTest::TearDown();
    }

    [[nodiscard]] fs::path disk() const { return scratch() / "disk"; }
    [[nodiscard]] fs::path installation() const { return disk() / "installation"; }
    // The installation as the namespace sees it.
    [[nodiscard]] fs::path seen_installation() const {
        return "/proc/" + std::to_string(holder_->pid()) + "/root" + installation().string();
    }

    void mount_tmpfs(const std::string& size) {
        fs::create_directories(disk());
        CommandOptions options;
        options.timeout = std::chrono::hours(1);
        holder_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/bin/unshare", "-Urm", "/bin/sh", "-c",
                                     "mount -t tmpfs -o size=" + size +
                                         ",mode=0755 tmpfs \"$1\" "
                                         "&& echo mounted && exec sleep 3600",
                                     "sh", disk().string()},
            options);
        ASSERT_TRUE(holder_->wait_for_output("mounted", std::chrono::seconds(20)))
            << holder_->output_so_far();
    }

    // `sandbox ARGS…` inside the namespace, on the tmpfs installation.
    CommandResult inside(std::vector<std::string> args) {
        std::vector<std::string> argv{"/usr/bin/nsenter",
                                      "--target",
                                      std::to_string(holder_->pid()),
                                      "--user",
                                      "--mount",
                                      "--preserve-credentials",
                                      "--",
                                      STORE_TEST_SANDBOX};
        args.insert(args.begin() + 1, "--installation=" + installation().string());
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = environment();
        options.timeout = kCommandTimeout;
        return run_command(argv, options);
    }

    void expect_runs(const std::string& greeting) {
        CommandResult ran = inside({"run", kAppId});
        EXPECT_EQ(ran.status, 0) << ran.err;
        EXPECT_EQ(ran.out, greeting + "\n") << ran.err;
    }

    // Takes all the free space of the tmpfs but `spare` bytes; removed by free_space().
    void fill_disk_but(std::uint64_t spare) {
        fs::path seen_disk = seen_installation().parent_path();
        struct statvfs info {};
        ASSERT_EQ(::statvfs(seen_disk.c_str(), &info), 0);
        std::uint64_t free_bytes = std::uint64_t(info.f_bavail) * info.f_frsize;
        ASSERT_GT(free_bytes, spare);
        UniqueFd filler(
            ::open((seen_disk / "filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
        ASSERT_TRUE(filler);
        ASSERT_EQ(::posix_fallocate(filler.get(), 0, off_t(free_bytes - spare)), 0);
    }

    void free_space() { fs::remove(seen_installation().parent_path() / "filler"); }

    std::unique_ptr<ChildProcess> holder_;
};

TEST_F(DiskFullTest, AnInstallThatFillsATinyDiskChangesNothing) {
    mount_tmpfs("2m");
    CommandResult added = inside({"remote-add", "--no-gpg-verify", "origin", repo().url()});
    ASSERT_EQ(added.status, 0) << added.err;
    auto before = snapshot_of(seen_installation());
    ASSERT_FALSE(before.empty());

    CommandResult installed = inside({"install", "-y", kAppId});
    EXPECT_TRUE(is_one_error_line(installed, "not enough disk space")) << installed.out;
    EXPECT_EQ(snapshot_changes(before, snapshot_of(seen_installation())), "");
    EXPECT_FALSE(fs::exists(seen_installation() / "app"));
    EXPECT_FALSE(fs::exists(seen_installation() / "runtime"));
    EXPECT_TRUE(is_one_error_line(inside({"run", kAppId}), "not installed"));
}

TEST_F(DiskFullTest, AnUpdateOnAFullDiskKeepsThePreviousCommitRunning) {
    mount_tmpfs("64m");
    ASSERT_EQ(inside({"remote-add", "--no-gpg-verify", "origin", repo().url()}).status, 0);
    CommandResult installed = inside({"install", "-y", kAppId});
    ASSERT_EQ(installed.status, 0) << installed.out << installed.err;
    expect_runs("hello from v1");

    repo().export_app(kAppId, "hello from v2", kRuntimeId, {{"big.bin", random_bytes(4 << 20)}});
    fill_disk_but(1 << 20);
    auto before = snapshot_of(seen_installation());
    CommandResult updated = inside({"update", "-y", kAppId});
    EXPECT_TRUE(is_one_error_line(updated, "not enough disk space")) << updated.out;
    EXPECT_EQ(snapshot_changes(before, snapshot_of(seen_installation())), "");
    expect_runs("hello from v1");

    free_space();
    CommandResult again = inside({"update", "-y", kAppId});
    ASSERT_EQ(again.status, 0) << again.out << again.err;
    expect_runs("hello from v2");
}

}  // namespace
}  // namespace sandbox::test::store

// One copy of each file across apps and runtimes: deployments are hardlinks to the repository's
// objects.

#include <gmock/gmock.h>

#include "store_fixture.hpp"

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

std::uintmax_t disk_bytes(const fs::path& root) {
    CommandResult du = run_command({"/usr/bin/du", "-s", "-B1", root.string()});
    return std::stoull(du.out);
}

TEST_F(StoreTest, TwoAppsOnOneRuntimeStoreTheRuntimeOnce) {
    constexpr std::uintmax_t kSharedBytes = 1024 * 1024;
    std::string shared_data(kSharedBytes, 'x');
    repo().export_app(kAppId, "hello from v1", kRuntimeId, {{"shared.dat", shared_data}});
    repo().export_app(kSecondAppId, "second", kRuntimeId, {{"shared.dat", shared_data}});
    add_remote("origin", repo().url());
    install(kAppId);
    auto with_first_app = disk_bytes(base());
    install(kSecondAppId);

    // The second app needs the same runtime (megabytes) and holds the same 1 MiB of data as the
    // first: neither is stored again, only its own few small files and directories are.
    EXPECT_LT(disk_bytes(base()) - with_first_app, kSharedBytes / 4);
    fs::path bash = ref_dir(repo().runtime_ref()) / "active/files/bin/bash";
    EXPECT_GE(link_count_of(bash), 2u) << "the deployed file is a hardlink to its object";
    fs::path first = ref_dir(repo().app_ref()) / "active/files/share/shared.dat";
    fs::path second = ref_dir(repo().app_ref(kSecondAppId)) / "active/files/share/shared.dat";
    EXPECT_EQ(inode_of(first), inode_of(second)) << "the same content is one file";
    EXPECT_GE(link_count_of(first), 3u);
}

}  // namespace
}  // namespace sandbox::test::store

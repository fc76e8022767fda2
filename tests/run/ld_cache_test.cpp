// The app's ld.so.cache: made once by the runtime's ldconfig, finds the app's own libraries, and
// cannot be turned against the host by links the app plants in ~/.var/app/ID/.ld.so (S19).

#include <gmock/gmock.h>
#include <sys/stat.h>

#include "run/run_fixture.hpp"

namespace sandbox::test {
namespace {

using ::testing::HasSubstr;

constexpr const char* kLibsApp = "org.test.Libs";

class RunLdCache : public RunTest {
  protected:
    std::filesystem::path cache_dir() const { return app_dir() / ".ld.so"; }

    CommandResult run_hello() {
        return sandbox({"run", "--installation=" + installation_dir().string(), kAppId});
    }

    // A library of the runtime's, to give the app a copy of in /app/lib.
    static std::filesystem::path runtime_library(const std::string& name) {
        const std::filesystem::path files = files_dir("runtime", kRuntimeId, kRuntimeCommit);
        for (const auto& entry : std::filesystem::recursive_directory_iterator(files))
            if (entry.path().filename() == name && entry.is_regular_file()) return entry.path();
        return {};
    }
};

TEST_F(RunLdCache, MadeOnceAndKeptByTheCommits) {
    ASSERT_EQ(run_hello().status, 0);
    const std::filesystem::path cache = cache_dir() / ld_cache_name();
    struct stat first {};
    ASSERT_EQ(::stat(cache.c_str(), &first), 0) << "no cache at " << cache;
    EXPECT_GT(first.st_size, 0);
    ASSERT_EQ(run_hello().status, 0);
    struct stat second {};
    ASSERT_EQ(::stat(cache.c_str(), &second), 0);
    EXPECT_EQ(first.st_ino, second.st_ino) << "the cache was made again";
    auto environment = probe_app({}, {"getenv", "LD_LIBRARY_PATH"});
    EXPECT_EQ(value_of(environment, "unset"), "LD_LIBRARY_PATH");
    EXPECT_EQ(value_of(probe_app({}, {"write", "/etc/ld.so.cache"}), "write"), "EROFS");
}

TEST_F(RunLdCache, TheAppsLibrariesAreInIt) {
    const std::filesystem::path library = runtime_library("libtinfo.so.6");
    ASSERT_FALSE(library.empty());
    install_app(kLibsApp, "[Application]\nname=" + std::string(kLibsApp) +
                              "\nruntime=" + runtime_field() + "\ncommand=hello\n");
    const std::filesystem::path app_files = files_dir("app", kLibsApp, kAppCommit);
    std::filesystem::create_directories(app_files / "lib");
    std::filesystem::copy_file(library, app_files / "lib" / "libtinfo.so.6");

    CommandResult result = sandbox({"run", "--installation=" + installation_dir().string(),
                                    "--command=ldconfig", kLibsApp, "-p"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("=> /app/lib/libtinfo.so.6"));
}

TEST_F(RunLdCache, PlantedCacheDirectoryLinkMakesTheLaunchFail) {
    const std::filesystem::path victim = scratch() / "victim";
    std::filesystem::create_directories(victim);
    ASSERT_EQ(run_probe_app({}, {"exit", "0"}).status, 0);
    std::filesystem::remove_all(cache_dir());
    std::filesystem::create_directory_symlink(victim, cache_dir());
    CommandResult result = run_hello();
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("Refusing"));
    EXPECT_TRUE(std::filesystem::is_empty(victim)) << "the cache was written through the link";
}

TEST_F(RunLdCache, PlantedCacheFileLinkIsNotFollowed) {
    const std::filesystem::path victim = scratch() / "victim-file";
    write_file(victim, "host data");
    std::filesystem::create_directories(cache_dir());
    std::filesystem::create_symlink(victim, cache_dir() / ld_cache_name());
    CommandResult result = run_hello();
    EXPECT_NE(result.status, 0);
    EXPECT_THAT(result.err, HasSubstr("ld.so.cache"));
    EXPECT_EQ(read_file(victim), "host data");
}

// CVE-2026-34079: renewing the cache deletes the old one; a link planted in its place must be
// removed as a link, never its target.
TEST_F(RunLdCache, StaleEntriesAreRemovedWithoutFollowingLinks) {
    const std::filesystem::path victim = scratch() / "victim-file";
    write_file(victim, "host data");
    std::filesystem::create_directories(cache_dir());
    const std::filesystem::path stale = cache_dir() / std::string(64, '0');
    // Absolute, so that a removal that followed it would take the victim (catalog S19).
    std::filesystem::create_symlink(victim, stale);
    ASSERT_EQ(run_hello().status, 0);
    EXPECT_FALSE(std::filesystem::is_symlink(stale));
    EXPECT_TRUE(std::filesystem::exists(victim));
    EXPECT_EQ(read_file(victim), "host data");
    EXPECT_EQ(tree_of(cache_dir()), std::vector<std::string>{ld_cache_name()});
}

}  // namespace
}  // namespace sandbox::test

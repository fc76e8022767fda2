#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sandbox/builder/debian.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

class DebianLockTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "debian-lock-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& text) { std::ofstream(dir_ / "x.lock") << text; }

    fs::path dir_;
};

DebianLock sample_lock() {
    const std::string sha(64, 'a');
    return DebianLock{
        "bookworm",
        default_debian_sources("bookworm"),
        1700000000,
        {{"bash", "5.2.15-2+b7", "amd64", sha, "pool/main/b/bash/bash_5.2.15-2+b7_amd64.deb"},
         {"libc6", "2.36-9+deb12u4", "amd64", std::string(64, 'b'),
          "pool/main/g/glibc/libc6_2.36-9+deb12u4_amd64.deb"},
         {"xz-utils", "5.4.1-0.2", "amd64", std::string(64, 'c'),
          "pool/main/x/xz-utils/xz-utils_5.4.1-0.2_amd64.deb"},
         {"zlib1g", "1:1.2.13.dfsg-1", "amd64", std::string(64, 'd'),
          "pool/main/z/zlib/zlib1g_1.2.13.dfsg-1_amd64.deb"}}};
}

bool same(const LockedPackage& a, const LockedPackage& b) {
    return a.name == b.name && a.version == b.version && a.architecture == b.architecture &&
           a.sha256 == b.sha256 && a.filename == b.filename;
}

TEST_F(DebianLockTest, RoundTrips) {
    const DebianLock lock = sample_lock();
    ASSERT_TRUE(write_lock(dir_ / "x.lock", lock).ok());
    auto read = read_lock(dir_ / "x.lock");
    ASSERT_TRUE(read.ok()) << read.error().message();
    EXPECT_EQ(read->suite, lock.suite);
    EXPECT_EQ(read->sources, lock.sources);
    EXPECT_EQ(read->epoch, lock.epoch);
    ASSERT_EQ(read->packages.size(), lock.packages.size());
    for (std::size_t i = 0; i < lock.packages.size(); ++i)
        EXPECT_TRUE(same(read->packages[i], lock.packages[i])) << lock.packages[i].name;
    // Nothing left beside it, and the same lock is the same file.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
    std::ifstream first(dir_ / "x.lock");
    std::string text((std::istreambuf_iterator<char>(first)), {});
    ASSERT_TRUE(write_lock(dir_ / "x.lock", *read).ok());
    std::ifstream second(dir_ / "x.lock");
    EXPECT_EQ(text, std::string((std::istreambuf_iterator<char>(second)), {}));
    // One package a line, for readable diffs.
    EXPECT_NE(text.find("\n    {\"name\": \"bash\", \"version\": \"5.2.15-2+b7\""),
              std::string::npos)
        << text;
}

void expect_refused(const fs::path& file, const std::string& needle) {
    auto lock = read_lock(file);
    ASSERT_FALSE(lock.ok());
    EXPECT_NE(lock.error().message().find(needle), std::string::npos) << lock.error().message();
    EXPECT_EQ(lock.error().message().find('\n'), std::string::npos);
}

TEST_F(DebianLockTest, RefusesWhatIsNotALock) {
    const std::string sha(64, 'a');
    const std::string head = R"({"suite": "bookworm", "epoch": 1, "sources": [], )";
    auto package = [&](const std::string& name, const std::string& filename) {
        return R"({"name": ")" + name + R"(", "version": "1.0", "architecture": "amd64",
                   "sha256": ")" +
               sha + R"(", "filename": ")" + filename + R"("})";
    };
    write(head + R"("packages": [)" + package("b", "pool/b.deb") + "," +
          package("a", "pool/a.deb") + "]}");
    expect_refused(dir_ / "x.lock", "sorted by name");
    write(head + R"("packages": [)" + package("a", "../../etc/passwd.deb") + "]}");
    expect_refused(dir_ / "x.lock", "invalid filename");
    write(head + R"("packages": [)" + package("a", "/abs/a.deb") + "]}");
    expect_refused(dir_ / "x.lock", "invalid filename");
    write(head + R"("packages": [{"name": "a", "version": "1", "architecture": "amd64",
          "sha256": "xyz", "filename": "pool/a.deb"}]})");
    expect_refused(dir_ / "x.lock", "invalid sha256");
    write(head + R"("packages": [], "extra": 1})");
    expect_refused(dir_ / "x.lock", "unknown key \"extra\"");
    write(R"({"suite": "bookworm", "sources": [], "packages": []})");
    expect_refused(dir_ / "x.lock", "\"epoch\"");
    write("not json");
    expect_refused(dir_ / "x.lock", "not valid JSON");
    expect_refused(dir_ / "missing.lock", "missing.lock");
}

TEST_F(DebianLockTest, ALockThatNoLongerDescribesTheManifestNeedsUpdateLock) {
    ASSERT_TRUE(write_lock(dir_ / "x.lock", sample_lock()).ok());
    DebianSpec spec;
    spec.sources = default_debian_sources("bookworm");
    spec.packages = {"bash", "libc6"};
    spec.lock = dir_ / "x.lock";
    auto used = ensure_lock(spec, false, nullptr, {});
    ASSERT_TRUE(used.ok()) << used.error().message();
    EXPECT_EQ(used->packages.size(), 4u);

    spec.packages.push_back("libgtk-3-0");
    auto missing = ensure_lock(spec, false, nullptr, {});
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message().find("has no package libgtk-3-0"), std::string::npos);
    EXPECT_NE(missing.error().message().find("--update-lock"), std::string::npos);

    spec.packages = {"bash"};
    spec.sources = {"deb http://mirror.example/debian bookworm main"};
    auto moved = ensure_lock(spec, false, nullptr, {});
    ASSERT_FALSE(moved.ok());
    EXPECT_NE(moved.error().message().find("other debian sources"), std::string::npos);

    // An app's lock holds only what it adds; the runtime's packages count as locked.
    DebianLock base = sample_lock();
    DebianLock app{"bookworm", default_debian_sources("bookworm"), 1, {}};
    ASSERT_TRUE(write_lock(dir_ / "x.lock", app).ok());
    spec.sources = default_debian_sources("bookworm");
    spec.packages = {"xz-utils"};
    EXPECT_TRUE(ensure_lock(spec, false, &base, {}).ok());
}

}  // namespace
}  // namespace sandbox::builder

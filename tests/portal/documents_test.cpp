// The Documents portal as a sandboxed app calls it (SECURITY-CATALOG S35): an app exports only
// what it can open, with no more than the access its fd gives; it passes on only what it holds;
// it cannot revoke its own access, delete without `delete`, or read the store's table (the host's
// methods).
#include <gmock/gmock.h>

#include <filesystem>

#include "portal/support/portal_test.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kRefused = 3;
constexpr const char* kOtherApp = "org.other.App";

class Documents : public PortalTest {
  protected:
    void SetUp() override {
        PortalTest::SetUp();
        start_portal(Frontend::Ours);
    }

    // A file in the app's own data directory (the same path inside), exported by the app.
    std::string exported_by_app(const std::string& name,
                                const std::vector<std::string>& flags = {}) {
        write_file(app_dir() / name, "the app's own\n", kReadableMode);
        std::vector<std::string> args{"documents-add"};
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back((app_dir() / name).string());
        CommandResult added = sandboxed_client(args);
        EXPECT_EQ(added.status, 0) << added.err << frontend_logs();
        return value_of(parse_key_values(added.out), "doc_id").value_or("");
    }

    std::string apps_of(const std::string& doc_id) {
        CommandResult info = host_client({"documents-info", doc_id});
        EXPECT_EQ(info.status, 0) << info.err;
        return value_of(parse_key_values(info.out), "apps").value_or("");
    }
};

TEST_F(Documents, AnAppExportsItsOwnFileWithTheAccessItsFdGives) {
    ASSERT_FALSE(HasFailure());
    const std::string doc_id = exported_by_app("mine.txt");
    ASSERT_FALSE(doc_id.empty());
    EXPECT_EQ(apps_of(doc_id), "{'org.test.Hello': ['read', 'grant-permissions']}");
    EXPECT_EQ(read_file(documents_mount() / "by-app" / "org.test.Hello" / doc_id / "mine.txt"),
              "the app's own\n");
    EXPECT_FALSE(fs::exists(documents_mount() / "by-app" / kOtherApp / doc_id));
}

TEST_F(Documents, WriteAccessNeedsAWritableFd) {
    ASSERT_FALSE(HasFailure());
    write_file(app_dir() / "ro.txt", "x\n", kReadableMode);
    CommandResult refused =
        sandboxed_client({"documents-add", "--ask-write", (app_dir() / "ro.txt").string()});
    EXPECT_EQ(refused.status, kRefused) << refused.out << refused.err;
    const std::string writable = exported_by_app("rw.txt", {"--writable"});
    ASSERT_FALSE(writable.empty());
    EXPECT_THAT(apps_of(writable), HasSubstr("'write'"));
}

TEST_F(Documents, AnAppPassesOnOnlyWhatItHolds) {
    ASSERT_FALSE(HasFailure());
    const std::string doc_id = exported_by_app("shared.txt");
    ASSERT_FALSE(doc_id.empty());
    CommandResult more = sandboxed_client({"documents-grant", doc_id, kOtherApp, "write"});
    EXPECT_EQ(more.status, kRefused) << more.out << more.err;
    CommandResult read = sandboxed_client({"documents-grant", doc_id, kOtherApp, "read"});
    EXPECT_EQ(read.status, 0) << read.err;
    const std::string apps = apps_of(doc_id);
    EXPECT_THAT(apps, HasSubstr("'org.other.App': ['read']"));
    EXPECT_TRUE(fs::exists(documents_mount() / "by-app" / kOtherApp / doc_id / "shared.txt"));

    CommandResult revoke_other = sandboxed_client({"documents-revoke", doc_id, kOtherApp, "read"});
    EXPECT_EQ(revoke_other.status, 0) << revoke_other.err;
    EXPECT_THAT(apps_of(doc_id), Not(HasSubstr(kOtherApp)));
}

TEST_F(Documents, AnAppCannotRevokeItsOwnAccessOrDeleteWithoutDelete) {
    ASSERT_FALSE(HasFailure());
    const std::string doc_id = exported_by_app("kept.txt");
    ASSERT_FALSE(doc_id.empty());
    CommandResult revoke = sandboxed_client({"documents-revoke", doc_id, "org.test.Hello", "read"});
    EXPECT_EQ(revoke.status, kRefused) << revoke.out << revoke.err;
    CommandResult remove = sandboxed_client({"documents-delete", doc_id});
    EXPECT_EQ(remove.status, kRefused) << remove.out << remove.err;
    EXPECT_THAT(apps_of(doc_id), HasSubstr("'org.test.Hello': ['read', 'grant-permissions']"));
    CommandResult host_remove = host_client({"documents-delete", doc_id});
    EXPECT_EQ(host_remove.status, 0) << host_remove.err;
    EXPECT_FALSE(fs::exists(documents_mount() / doc_id));
}

TEST_F(Documents, TheStoresTableIsTheHostsOnly) {
    ASSERT_FALSE(HasFailure());
    const std::string doc_id = exported_by_app("private.txt");
    ASSERT_FALSE(doc_id.empty());
    CommandResult info = sandboxed_client({"documents-info", doc_id});
    EXPECT_EQ(info.status, kRefused) << info.out << info.err;
    EXPECT_THAT(info.out, Not(HasSubstr(app_dir().string())));
}

}  // namespace
}  // namespace sandbox::test

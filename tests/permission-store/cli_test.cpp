// `sandbox permissions`, `permission-show` and `permission-reset` on a database prepared here,
// with no portal running: the commands read and write the table files themselves.

#include <gtest/gtest.h>

#include "sandbox/portals/permission_store/permission_database.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

using portals::GVariantRef;
using portals::PermissionDatabase;

class PermissionCliTest : public SandboxTest {
  protected:
    void SetUp() override {
        SandboxTest::SetUp();
        auto db = PermissionDatabase::open(db_dir());
        ASSERT_TRUE(db) << db.error().message();
        db_ = std::move(*db);
        ASSERT_TRUE(db_->set_permission("clipboard", "clipboard", "org.a.App", {"yes"}, true));
        ASSERT_TRUE(db_->set_permission("clipboard", "clipboard", "org.b.App", {"no"}, true));
        ASSERT_TRUE(db_->set_permission("devices", "camera", "org.a.App", {"yes", "always"}, true));
        ASSERT_TRUE(db_->set_data("devices", "camera",
                                  GVariantRef::take(g_variant_new_boolean(TRUE)), false));
        ASSERT_TRUE(
            db_->set_data("unused", "lonely", GVariantRef::take(g_variant_new_string("x")), true));
    }

    [[nodiscard]] std::filesystem::path db_dir() const {
        return scratch() / "data" / "sandbox" / "db";
    }

    CommandResult sandbox(const std::vector<std::string>& args) {
        std::vector<std::string> argv{SANDBOX_TEST_SANDBOX};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = std::vector<std::string>{
            "HOME=" + scratch().string(), "XDG_DATA_HOME=" + (scratch() / "data").string(),
            "PATH=/usr/bin:/bin"};
        return run_command(argv, options);
    }

    std::unique_ptr<PermissionDatabase> db_;
};

constexpr const char* kClipboardRows =
    "clipboard\tclipboard\torg.a.App\tyes\t\n"
    "clipboard\tclipboard\torg.b.App\tno\t\n";
constexpr const char* kCameraRow = "devices\tcamera\torg.a.App\tyes,always\ttrue\n";
constexpr const char* kLonelyRow = "unused\tlonely\t\t\t'x'\n";

TEST_F(PermissionCliTest, ListsEveryEntryOfEveryTable) {
    auto result = sandbox({"permissions"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_EQ(result.out, std::string(kClipboardRows) + kCameraRow + kLonelyRow);
    EXPECT_EQ(result.err, "");
}

TEST_F(PermissionCliTest, ListsOneTableOrOneEntry) {
    auto table = sandbox({"permissions", "devices"});
    ASSERT_EQ(table.status, 0) << table.err;
    EXPECT_EQ(table.out, kCameraRow);
    auto entry = sandbox({"permissions", "clipboard", "clipboard"});
    ASSERT_EQ(entry.status, 0) << entry.err;
    EXPECT_EQ(entry.out, kClipboardRows);
}

TEST_F(PermissionCliTest, UnknownTablesAndEntriesAreOneLineErrors) {
    auto table = sandbox({"permissions", "nope"});
    EXPECT_EQ(table.status, 1);
    EXPECT_EQ(table.err, "sandbox: No such table: nope\n");
    EXPECT_EQ(table.out, "");
    auto entry = sandbox({"permissions", "devices", "microphone"});
    EXPECT_EQ(entry.status, 1);
    EXPECT_EQ(entry.err, "sandbox: No entry microphone in table devices\n");
    auto hostile = sandbox({"permissions", "../../etc"});
    EXPECT_EQ(hostile.status, 1);
    EXPECT_TRUE(hostile.err.starts_with("sandbox: Invalid table name")) << hostile.err;
    EXPECT_EQ(std::count(hostile.err.begin(), hostile.err.end(), '\n'), 1);
    auto extra = sandbox({"permissions", "a", "b", "c"});
    EXPECT_EQ(extra.status, 1);
}

TEST_F(PermissionCliTest, ShowListsTheEntriesOfOneApp) {
    auto a = sandbox({"permission-show", "org.a.App"});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, "clipboard\tclipboard\torg.a.App\tyes\t\n" + std::string(kCameraRow));
    auto nobody = sandbox({"permission-show", "org.nobody.App"});
    ASSERT_EQ(nobody.status, 0) << nobody.err;
    EXPECT_EQ(nobody.out, "");
    EXPECT_EQ(sandbox({"permission-show"}).status, 1);
}

TEST_F(PermissionCliTest, ResetRemovesOneAppEverywhere) {
    auto reset = sandbox({"permission-reset", "org.a.App"});
    ASSERT_EQ(reset.status, 0) << reset.err;
    EXPECT_EQ(reset.out, "");
    // Read back by another reader, which must notice the files changed under it.
    EXPECT_EQ(db_->lookup("clipboard", "clipboard")->value().apps,
              (portals::AppPermissions{{"org.b.App", {"no"}}}));
    auto camera = db_->lookup("devices", "camera")->value();
    EXPECT_TRUE(camera.apps.empty());
    EXPECT_TRUE(camera.data) << "the entry's data is no app's permission";
    EXPECT_EQ(sandbox({"permission-show", "org.a.App"}).out, "");
    EXPECT_EQ(sandbox({"permission-show", "org.b.App"}).out,
              "clipboard\tclipboard\torg.b.App\tno\t\n");
}

TEST_F(PermissionCliTest, ResetAllRemovesEveryAppAndKeepsTheEntries) {
    auto reset = sandbox({"permission-reset", "--all"});
    ASSERT_EQ(reset.status, 0) << reset.err;
    auto listing = sandbox({"permissions"});
    EXPECT_EQ(listing.out,
              "clipboard\tclipboard\t\t\t\ndevices\tcamera\t\t\ttrue\n" + std::string(kLonelyRow));
    EXPECT_EQ(sandbox({"permission-reset"}).status, 1);
    EXPECT_EQ(sandbox({"permission-reset", "--bogus"}).status, 1);
}

TEST_F(PermissionCliTest, ACorruptTableIsReportedNotRewritten) {
    write_file(db_dir() / "broken", "garbage");
    auto listing = sandbox({"permissions", "broken"});
    EXPECT_EQ(listing.status, 1);
    EXPECT_NE(listing.err.find("broken"), std::string::npos) << listing.err;
    EXPECT_EQ(sandbox({"permission-reset", "org.a.App"}).status, 1);
    EXPECT_EQ(read_file(db_dir() / "broken"), "garbage");
}

TEST_F(PermissionCliTest, IdsCannotForgeRowsOrColumns) {
    ASSERT_TRUE(db_->set_permission("t", "evil\tid\nnext", "org.a.App", {"yes"}, true));
    auto listing = sandbox({"permissions", "t"});
    ASSERT_EQ(listing.status, 0) << listing.err;
    EXPECT_EQ(listing.out, "t\tevil?id?next\torg.a.App\tyes\t\n");
}

}  // namespace
}  // namespace sandbox::test

// The permission store's tables and their files: changes, persistence, other writers, hostile
// names.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "permission_test_directory.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/portals/permission_store/permission_database.hpp"

namespace sandbox::portals {
namespace {

using Strings = std::vector<std::string>;

std::unique_ptr<PermissionDatabase> open_or_fail(const std::filesystem::path& directory) {
    auto db = PermissionDatabase::open(directory);
    if (!db) ADD_FAILURE() << db.error().message();
    return db ? std::move(*db) : nullptr;
}

std::string file_contents(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

Strings directory_listing(const std::filesystem::path& directory) {
    Strings names;
    for (const auto& item : std::filesystem::directory_iterator(directory))
        names.push_back(item.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

class PermissionDatabaseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(dir_.path().empty());
        db_ = open_or_fail(dir_.db());
        ASSERT_TRUE(db_);
    }

    PermissionTestDirectory dir_;
    std::unique_ptr<PermissionDatabase> db_;
};

TEST_F(PermissionDatabaseTest, SetGetAndDeletePermissions) {
    auto created = db_->set_permission("devices", "camera", "org.example.App", {"yes"}, true);
    ASSERT_TRUE(created) << created.error().message();
    EXPECT_TRUE(*created);
    auto permissions = db_->get_permission("devices", "camera", "org.example.App");
    ASSERT_TRUE(permissions);
    ASSERT_TRUE(permissions->has_value());
    EXPECT_EQ(**permissions, Strings{"yes"});

    auto other_app = db_->get_permission("devices", "camera", "org.other.App");
    ASSERT_TRUE(other_app && other_app->has_value());
    EXPECT_TRUE((*other_app)->empty());
    auto no_entry = db_->get_permission("devices", "microphone", "org.example.App");
    ASSERT_TRUE(no_entry);
    EXPECT_FALSE(no_entry->has_value());

    auto without_create =
        db_->set_permission("devices", "speakers", "org.example.App", {"no"}, false);
    ASSERT_TRUE(without_create);
    EXPECT_FALSE(*without_create);
    EXPECT_EQ(*db_->ids("devices"), Strings{"camera"});

    auto removed = db_->delete_permission("devices", "camera", "org.example.App");
    ASSERT_TRUE(removed && *removed);
    auto entry = db_->lookup("devices", "camera");
    ASSERT_TRUE(entry && entry->has_value());
    EXPECT_TRUE((*entry)->apps.empty());

    auto deleted = db_->delete_entry("devices", "camera");
    ASSERT_TRUE(deleted && *deleted);
    auto deleted_again = db_->delete_entry("devices", "camera");
    ASSERT_TRUE(deleted_again);
    EXPECT_FALSE(*deleted_again);
    EXPECT_TRUE(db_->ids("devices")->empty());
}

TEST_F(PermissionDatabaseTest, EmptyPermissionsRemoveTheApp) {
    ASSERT_TRUE(db_->set_permission("t", "id", "a", {"x", "y"}, true));
    ASSERT_TRUE(db_->set_permission("t", "id", "b", {"z"}, true));
    ASSERT_TRUE(db_->set_permission("t", "id", "a", {}, false));
    auto entry = db_->lookup("t", "id");
    ASSERT_TRUE(entry && entry->has_value());
    EXPECT_EQ((*entry)->apps, (AppPermissions{{"b", {"z"}}}));
}

TEST_F(PermissionDatabaseTest, UnknownTablesAreEmptyAndNotListed) {
    auto ids = db_->ids("no-such-table");
    ASSERT_TRUE(ids);
    EXPECT_TRUE(ids->empty());
    EXPECT_FALSE(*db_->has_table("no-such-table"));
    ASSERT_TRUE(db_->set_permission("known", "id", "app", {"yes"}, true));
    EXPECT_TRUE(*db_->has_table("known"));
    EXPECT_EQ(*db_->table_names(), Strings{"known"});
}

TEST_F(PermissionDatabaseTest, EverythingSurvivesReopening) {
    PermissionEntry entry;
    entry.apps = {{"org.a.App", {"read", "write"}}, {"", {"host"}}};
    entry.data = GVariantRef::take(g_variant_new_string("some data"));
    ASSERT_TRUE(db_->set_entry("documents", "doc-1", entry));
    ASSERT_TRUE(db_->set_permission("documents", "doc-2", "org.b.App", {"read"}, true));
    db_.reset();

    auto reopened = open_or_fail(dir_.db());
    ASSERT_TRUE(reopened);
    auto table = reopened->table("documents");
    ASSERT_TRUE(table);
    ASSERT_EQ(table->size(), 2u);
    EXPECT_EQ(table->at("doc-1"), entry);
    EXPECT_EQ(table->at("doc-2").apps, (AppPermissions{{"org.b.App", {"read"}}}));
    EXPECT_FALSE(table->at("doc-2").data);
}

TEST_F(PermissionDatabaseTest, AReaderSeesAnotherInstancesWrites) {
    auto other = open_or_fail(dir_.db());
    ASSERT_TRUE(other);
    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"one"}, true));
    EXPECT_EQ(**other->get_permission("t", "id", "app"), Strings{"one"});  // now cached

    // The same size each time: the file's identity, not its length, tells the versions apart.
    for (const char* value : {"two", "six", "ten"}) {
        ASSERT_TRUE(db_->set_permission("t", "id", "app", {value}, false));
        EXPECT_EQ(**other->get_permission("t", "id", "app"), Strings{value});
    }
    ASSERT_TRUE(db_->delete_entry("t", "id"));
    EXPECT_FALSE(other->get_permission("t", "id", "app")->has_value());
}

TEST_F(PermissionDatabaseTest, ChangesAreReportedWhoeverMadeThem) {
    std::vector<PermissionChange> seen;
    const std::size_t subscription =
        db_->subscribe([&](const PermissionChange& change) { seen.push_back(change); });
    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"yes"}, true));
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].table, "t");
    EXPECT_EQ(seen[0].id, "id");
    EXPECT_FALSE(seen[0].deleted);
    EXPECT_EQ(seen[0].entry.apps, (AppPermissions{{"app", {"yes"}}}));

    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"yes"}, true));
    EXPECT_EQ(seen.size(), 1u) << "an unchanged entry is not reported";

    auto other = open_or_fail(dir_.db());
    ASSERT_TRUE(other->set_permission("t", "id", "app", {"no"}, false));
    ASSERT_TRUE(other->set_permission("t", "second", "app", {"yes"}, true));
    ASSERT_TRUE(db_->check_for_changes());
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_EQ(seen[1].entry.apps.at("app"), Strings{"no"});
    EXPECT_EQ(seen[2].id, "second");

    ASSERT_TRUE(other->delete_entry("t", "id"));
    ASSERT_TRUE(db_->ids("t"));
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_TRUE(seen[3].deleted);
    EXPECT_EQ(seen[3].id, "id");

    db_->unsubscribe(subscription);
    ASSERT_TRUE(db_->delete_entry("t", "second"));
    EXPECT_EQ(seen.size(), 4u);
}

TEST_F(PermissionDatabaseTest, ASubscriberMayChangeTheDatabaseInTurn) {
    // As the frontend might: mirror a grant into another table when it is reported.
    db_->subscribe([&](const PermissionChange& change) {
        if (change.table == "source") {
            ASSERT_TRUE(db_->set_permission("mirror", change.id, "app", {"seen"}, true));
        }
    });
    ASSERT_TRUE(db_->set_permission("source", "id", "app", {"yes"}, true));
    EXPECT_EQ(**db_->get_permission("mirror", "id", "app"), Strings{"seen"});
}

TEST_F(PermissionDatabaseTest, WritesReplaceTheFileWhole) {
    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"old"}, true));
    const std::filesystem::path file = dir_.db() / "t";
    const std::string old_contents = file_contents(file);
    UniqueFd old_file(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    ASSERT_TRUE(old_file);
    struct stat before {};
    ASSERT_EQ(::fstat(old_file.get(), &before), 0);

    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"new", "and", "longer"}, false));
    struct stat after {};
    ASSERT_EQ(::stat(file.c_str(), &after), 0);
    EXPECT_NE(before.st_ino, after.st_ino) << "written in place";
    auto still_old = read_all(old_file.get());
    ASSERT_TRUE(still_old);
    EXPECT_EQ(*still_old, old_contents) << "the old version must stay whole for its readers";
    EXPECT_EQ(directory_listing(dir_.db()), (Strings{".lock", "t"})) << "temporaries left";
    EXPECT_EQ((after.st_mode & 07777), 0600u);
}

TEST_F(PermissionDatabaseTest, AStaleTemporaryIsNoObstacle) {
    { std::ofstream(dir_.db() / ".t.new") << "half a table"; }
    ASSERT_TRUE(db_->set_permission("t", "id", "app", {"yes"}, true));
    EXPECT_EQ(directory_listing(dir_.db()), (Strings{".lock", "t"}));
}

TEST_F(PermissionDatabaseTest, ACorruptFileIsAnErrorNotAnEmptyTable) {
    { std::ofstream(dir_.db() / "broken") << "not a table"; }
    auto table = db_->table("broken");
    ASSERT_FALSE(table);
    EXPECT_NE(table.error().message().find("broken"), std::string::npos) << table.error().message();
    auto changed = db_->set_permission("broken", "id", "app", {"yes"}, true);
    EXPECT_FALSE(changed) << "a write would lose what the file held";
    EXPECT_EQ(file_contents(dir_.db() / "broken"), "not a table");
}

TEST_F(PermissionDatabaseTest, ATableThatIsASymlinkIsNotFollowed) {
    const std::filesystem::path outside = dir_.path() / "outside";
    { std::ofstream(outside) << "secret"; }
    std::filesystem::create_symlink(outside, dir_.db() / "linked");
    EXPECT_FALSE(db_->table("linked"));
    EXPECT_TRUE(db_->table_names()->empty());
    EXPECT_EQ(file_contents(outside), "secret");
}

TEST_F(PermissionDatabaseTest, HostileTableNamesAreRefused) {
    const std::string with_nul("a\0b", 3);
    for (const std::string& name :
         {std::string("../escape"), std::string(".."), std::string("."), std::string("a/b"),
          std::string(""), std::string(".lock"), std::string(".t.new"), with_nul,
          std::string(129, 'x'), std::string("tab\tle"), std::string("ünïcode")}) {
        auto result = db_->set_permission(name, "id", "app", {"yes"}, true);
        ASSERT_FALSE(result) << "accepted table name '" << name << "'";
        EXPECT_EQ(result.error().message().find('\n'), std::string::npos);
        EXPECT_FALSE(db_->ids(name));
    }
    EXPECT_TRUE(db_->set_permission(std::string(128, 'x'), "id", "app", {"yes"}, true));
    EXPECT_EQ(directory_listing(dir_.path()), Strings{"db"});
    EXPECT_EQ(directory_listing(dir_.db()), (Strings{".lock", std::string(128, 'x')}));
}

TEST_F(PermissionDatabaseTest, HostileIdsAndAppsAreRefused) {
    const std::string with_nul("a\0b", 3);
    const std::string not_utf8("\xff\xfe");
    for (const std::string& id : {std::string(""), with_nul, not_utf8, std::string(4097, 'i')})
        EXPECT_FALSE(db_->set_permission("t", id, "app", {"yes"}, true)) << id;
    EXPECT_FALSE(db_->set_permission("t", "id", with_nul, {"yes"}, true));
    EXPECT_FALSE(db_->set_permission("t", "id", "app", {not_utf8}, true));
    // Content types are ids: a '/' is fine there, it never reaches a path.
    EXPECT_TRUE(db_->set_permission("t", "x-scheme-handler/https", "app", {"yes"}, true));
    EXPECT_TRUE(db_->set_permission("t", "../../etc/passwd", "app", {"yes"}, true));
    EXPECT_EQ(directory_listing(dir_.db()), (Strings{".lock", "t"}));
}

TEST_F(PermissionDatabaseTest, ResetRemovesAnAppEverywhereAndKeepsTheRest) {
    ASSERT_TRUE(db_->set_permission("clipboard", "clipboard", "org.a.App", {"yes"}, true));
    ASSERT_TRUE(db_->set_permission("clipboard", "clipboard", "org.b.App", {"no"}, true));
    ASSERT_TRUE(db_->set_permission("devices", "camera", "org.a.App", {"yes"}, true));
    ASSERT_TRUE(
        db_->set_data("devices", "camera", GVariantRef::take(g_variant_new_boolean(TRUE)), false));
    auto changed = db_->reset_app("org.a.App");
    ASSERT_TRUE(changed);
    EXPECT_EQ(*changed, 2u);
    EXPECT_EQ(db_->lookup("clipboard", "clipboard")->value().apps,
              (AppPermissions{{"org.b.App", {"no"}}}));
    auto camera = db_->lookup("devices", "camera")->value();
    EXPECT_TRUE(camera.apps.empty());
    EXPECT_TRUE(camera.data) << "data is not an app's permission";

    auto all = db_->reset_all_apps();
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, 1u);
    EXPECT_TRUE(db_->lookup("clipboard", "clipboard")->value().apps.empty());
}

TEST(PermissionDatabaseDirectory, FollowsXdgDataHome) {
    const char* saved_data_home = std::getenv("XDG_DATA_HOME");
    const std::string saved = saved_data_home != nullptr ? saved_data_home : "";
    ::setenv("XDG_DATA_HOME", "/data/home", 1);
    EXPECT_EQ(*PermissionDatabase::default_directory(), "/data/home/sandbox/db");
    ::unsetenv("XDG_DATA_HOME");
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] == '/') {
        EXPECT_EQ(*PermissionDatabase::default_directory(),
                  std::filesystem::path(home) / ".local/share/sandbox/db");
    }
    if (saved_data_home != nullptr) ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
}

}  // namespace
}  // namespace sandbox::portals

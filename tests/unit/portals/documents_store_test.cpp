#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <thread>

#include "documents_test_files.hpp"
#include "sandbox/portals/documents/document_db.hpp"
#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {
namespace {

constexpr DocumentPermissions kRead{true, false, false, false};
constexpr DocumentPermissions kReadWrite{true, true, false, false};
constexpr const char* kAppA = "org.example.A";
constexpr const char* kAppB = "org.example.B";

class DocumentStoreTest : public testing::DocumentsTempDir {
  protected:
    std::unique_ptr<DocumentStore> open_store() {
        auto store = DocumentStore::open(db());
        EXPECT_TRUE(store) << store.error().message();
        return std::move(store.value());
    }
    std::filesystem::path db() const { return dir() / "db" / "documents"; }
};

TEST_F(DocumentStoreTest, ExportGivesAShortIdAndTheGrant) {
    auto store = open_store();
    auto file = make_file("a.txt");
    auto id = store->export_for_app(file, kAppA, kRead, {});
    ASSERT_TRUE(id) << id.error().message();
    EXPECT_TRUE(is_valid_document_id(*id));
    auto info = store->find(*id);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->host_path, file);
    EXPECT_EQ(info->name, "a.txt");
    EXPECT_EQ(info->permissions_of(kAppA), kRead);
    EXPECT_EQ(info->permissions_of(kAppB), DocumentPermissions{});
    ASSERT_TRUE(info->parent_dir && info->parent_dir->valid());
}

TEST_F(DocumentStoreTest, TheSameFileIsReusedUnlessAskedNotTo) {
    auto store = open_store();
    auto file = make_file("a.txt");
    auto first = store->export_for_app(file, kAppA, kRead, {});
    auto again = store->export_for_app(dir() / "." / "a.txt", kAppB, kReadWrite, {});
    ASSERT_TRUE(first && again);
    EXPECT_EQ(*first, *again);
    EXPECT_EQ(store->permissions(*first, kAppB), kReadWrite);
    auto fresh = store->export_for_app(file, kAppA, kRead, {.reuse_existing = false});
    ASSERT_TRUE(fresh);
    EXPECT_NE(*fresh, *first);
}

TEST_F(DocumentStoreTest, AReplacedFileIsANewDocument) {
    auto store = open_store();
    auto file = make_file("a.txt");
    auto first = store->export_for_app(file, kAppA, kRead, {});
    std::filesystem::rename(file, dir() / "old.txt");  // keeps the inode number taken
    make_file("a.txt");
    auto second = store->export_for_app(file, kAppA, kRead, {});
    ASSERT_TRUE(first && second);
    EXPECT_NE(*first, *second);
}

TEST_F(DocumentStoreTest, AFileSavedOverThroughTheStoreStaysTheDocument) {
    auto store = open_store();
    auto file = make_file("a.txt");
    auto first = store->export_for_app(file, kAppA, kRead, {});
    ASSERT_TRUE(first);
    std::filesystem::rename(file, dir() / "old.txt");
    make_file("a.txt");
    ASSERT_TRUE(store->follow_replaced_file(*first));
    auto again = store->export_for_app(file, kAppB, kRead, {});
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *first);
    // and so it stays when the database is read again
    store.reset();
    auto reopened = open_store();
    auto third = reopened->export_for_app(file, kAppB, kRead, {});
    ASSERT_TRUE(third);
    EXPECT_EQ(*third, *first);
    EXPECT_FALSE(reopened->follow_replaced_file("zzzzzzzz"));
}

TEST_F(DocumentStoreTest, GrantsAddUpAndRevokingEverythingDropsTheApp) {
    auto store = open_store();
    auto id = store->export_for_app(make_file("a.txt"), kAppA, kRead, {});
    ASSERT_TRUE(id);
    ASSERT_TRUE(store->grant(*id, kAppA, {false, true, true, false}));
    EXPECT_EQ(store->permissions(*id, kAppA), (DocumentPermissions{true, true, true, false}));
    ASSERT_TRUE(store->revoke(*id, kAppA, {false, true, false, false}));
    EXPECT_EQ(store->permissions(*id, kAppA), (DocumentPermissions{true, false, true, false}));
    ASSERT_TRUE(store->revoke(*id, kAppA, {true, true, true, true}));
    EXPECT_FALSE(store->find(*id)->apps.contains(kAppA));
    EXPECT_TRUE(store->list(kAppA).empty());
    EXPECT_FALSE(store->grant("zzzzzzzz", kAppA, kRead));
    EXPECT_FALSE(store->grant(*id, "not an app", kRead));
}

TEST_F(DocumentStoreTest, ListAppsLookupAndRemove) {
    auto store = open_store();
    auto a = store->export_for_app(make_file("a.txt"), kAppA, kRead, {});
    auto b = store->export_for_app(make_file("b.txt"), kAppB, kRead, {});
    auto host_only = store->export_for_app(make_file("c.txt"), "", {}, {});
    ASSERT_TRUE(a && b && host_only);
    EXPECT_EQ(store->list().size(), 3u);
    ASSERT_EQ(store->list(kAppA).size(), 1u);
    EXPECT_EQ(store->list(kAppA)[0].id, *a);
    EXPECT_EQ(store->apps(), (std::vector<std::string>{kAppA, kAppB}));
    EXPECT_EQ(store->lookup(dir() / "b.txt"), *b);
    EXPECT_FALSE(store->lookup(dir() / "nothing.txt"));
    ASSERT_TRUE(store->remove(*b));
    EXPECT_FALSE(store->find(*b));
    EXPECT_FALSE(store->remove(*b));
}

TEST_F(DocumentStoreTest, RefusesLinksMissingFilesAndWrongTypes) {
    auto store = open_store();
    auto target = make_file("target.txt");
    std::filesystem::create_symlink(target, dir() / "link.txt");
    EXPECT_FALSE(store->export_for_app(dir() / "link.txt", kAppA, kRead, {}));
    EXPECT_FALSE(store->export_for_app(dir() / "missing.txt", kAppA, kRead, {}));
    EXPECT_FALSE(store->export_for_app(target, kAppA, kRead, {.directory = true}));
    EXPECT_FALSE(store->export_for_app(dir(), kAppA, kRead, {}));
    EXPECT_TRUE(store->export_for_app(dir(), kAppA, kRead, {.directory = true}));
    EXPECT_FALSE(store->export_for_app("relative.txt", kAppA, kRead, {}));
    EXPECT_FALSE(store->export_for_app(target, "bad/app", kRead, {}));
}

TEST_F(DocumentStoreTest, NamedDocumentsMayNotExistYetButTheirParentMust) {
    auto store = open_store();
    auto id = store->export_for_app(dir() / "new.txt", kAppA, kReadWrite, {.named = true});
    ASSERT_TRUE(id) << id.error().message();
    EXPECT_EQ(store->find(*id)->name, "new.txt");
    EXPECT_EQ(store->export_for_app(dir() / "new.txt", kAppA, kRead, {.named = true}).value(), *id);
    EXPECT_FALSE(store->export_for_app(dir() / "nodir" / "new.txt", kAppA, kRead, {.named = true}));
}

TEST_F(DocumentStoreTest, PersistentDocumentsSurviveAReopenTransientOnesDoNot) {
    std::string kept, dropped;
    {
        auto store = open_store();
        kept = store->export_for_app(make_file("kept.txt"), kAppA, kReadWrite, {}).value();
        dropped = store->export_for_app(make_file("gone.txt"), kAppA, kRead, {.persistent = false})
                      .value();
    }
    struct stat st {};
    ASSERT_EQ(stat(db().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto store = open_store();
    auto info = store->find(kept);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->host_path, dir() / "kept.txt");
    EXPECT_EQ(info->permissions_of(kAppA), kReadWrite);
    EXPECT_TRUE(info->parent_dir->valid());
    EXPECT_FALSE(store->find(dropped));
}

TEST_F(DocumentStoreTest, ATransientDocumentExportedAgainAsPersistentIsSaved) {
    std::string id;
    {
        auto store = open_store();
        auto file = make_file("a.txt");
        id = store->export_for_app(file, kAppA, kRead, {.persistent = false}).value();
        EXPECT_EQ(store->export_for_app(file, kAppB, kRead, {}).value(), id);
    }
    auto store = open_store();
    ASSERT_TRUE(store->find(id));
    EXPECT_EQ(store->permissions(id, kAppB), kRead);
}

TEST_F(DocumentStoreTest, TheDatabaseKeepsOddBytesInPaths) {
    std::string odd_name = "odd \xff\n\"name=[x]";
    StoredDocument document{"abcd1234",
                            dir() / odd_name,
                            false,
                            true,
                            1,
                            2,
                            {{kAppA, DocumentPermissions{true, false, true, true}}}};
    ASSERT_TRUE(save_documents(db(), {document}));
    auto loaded = load_documents(db());
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->size(), 1u);
    EXPECT_EQ((*loaded)[0].host_path, document.host_path);
    EXPECT_TRUE((*loaded)[0].named);
    EXPECT_EQ((*loaded)[0].ino, 2u);
    EXPECT_EQ((*loaded)[0].apps, document.apps);
}

TEST_F(DocumentStoreTest, ADamagedDatabaseEntryIsSkipped) {
    std::filesystem::create_directories(db().parent_path());
    std::ofstream(db()) << "[../../etc]\npath=/etc/passwd\n[abcd1234]\npath=relative\n"
                           "[efgh5678]\npath=/tmp/x\napp-org.example.A=read;bogus;\n";
    auto loaded = load_documents(db());
    ASSERT_TRUE(loaded);
    ASSERT_EQ(loaded->size(), 1u);
    EXPECT_EQ((*loaded)[0].id, "efgh5678");
    EXPECT_TRUE((*loaded)[0].apps.empty());
}

TEST_F(DocumentStoreTest, ConcurrentExportsGetDistinctIds) {
    auto store = open_store();
    std::vector<std::filesystem::path> files;
    for (int i = 0; i < 32; ++i) files.push_back(make_file("f" + std::to_string(i)));
    std::vector<std::string> ids(files.size());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (size_t i = t; i < files.size(); i += 4)
                ids[i] = store->export_for_app(files[i], kAppA, kRead, {}).value();
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), files.size());
    auto reopened = open_store();
    EXPECT_EQ(reopened->list().size(), files.size());
}

}  // namespace
}  // namespace sandbox::portals::documents

#pragma once

// A document store in a fresh temporary directory, mounted for real (through fusermount3) at
// ROOT/doc, with host files under ROOT/host. Shared by the FUSE tests of this directory.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

#include "sandbox/common/fd.hpp"
#include "sandbox/portals/documents/document_fuse.hpp"
#include "sandbox/portals/documents/document_store.hpp"
#include "support/files.hpp"

namespace sandbox::portals::documents::fuse_testing {

inline constexpr DocumentPermissions kRead{true, false, false, false};
inline constexpr DocumentPermissions kReadWrite{true, true, false, false};
inline constexpr const char* kAppA = "org.example.A";
inline constexpr const char* kAppB = "org.example.B";

inline bool mounted_at(const std::filesystem::path& mountpoint) {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        std::istringstream fields(line);
        std::string id, parent, device, root, target;
        fields >> id >> parent >> device >> root >> target;
        if (target == mountpoint.string()) return true;
    }
    return false;
}

// errno of stat(path), 0 when it succeeds.
inline int stat_errno(const std::filesystem::path& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? 0 : errno;
}

inline int open_errno(const std::filesystem::path& path, int flags) {
    UniqueFd fd(open(path.c_str(), flags | O_CLOEXEC, 0644));
    return fd ? 0 : errno;
}

// The names in a directory, or nothing if it cannot be listed.
inline std::set<std::string> names_in(const std::filesystem::path& dir) {
    std::set<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error))
        names.insert(entry.path().filename().string());
    return names;
}

class DocumentMountTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "docs-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        root_ = pattern;
        host_ = root_ / "host";
        mountpoint_ = root_ / "doc";
        std::filesystem::create_directories(host_);
        store_ = std::move(DocumentStore::open(root_ / "db" / "documents").value());
        mount();
    }
    void TearDown() override {
        fuse_.reset();
        EXPECT_FALSE(mounted_at(mountpoint_));
        sandbox::test::remove_tree(root_);
    }
    void mount() {
        auto fuse = DocumentFuse::mount(*store_, mountpoint_);
        ASSERT_TRUE(fuse) << fuse.error().message();
        fuse_ = std::move(fuse.value());
        ASSERT_TRUE(mounted_at(mountpoint_));
    }
    std::string export_file(const std::string& name, const std::string& content,
                            const std::string& app_id, DocumentPermissions permissions) {
        sandbox::test::write_file(host_ / name, content);
        auto id = store_->export_for_app(host_ / name, app_id, permissions, {});
        EXPECT_TRUE(id) << id.error().message();
        return id ? id.value() : std::string();
    }
    std::string export_directory(const std::string& name, const std::string& app_id,
                                 DocumentPermissions permissions) {
        std::filesystem::create_directories(host_ / name);
        auto id = store_->export_for_app(host_ / name, app_id, permissions, {.directory = true});
        EXPECT_TRUE(id) << id.error().message();
        return id ? id.value() : std::string();
    }
    std::filesystem::path app_view(const std::string& app_id) const {
        return mountpoint_ / "by-app" / app_id;
    }

    std::filesystem::path root_, host_, mountpoint_;
    std::unique_ptr<DocumentStore> store_;
    std::unique_ptr<DocumentFuse> fuse_;
};

}  // namespace sandbox::portals::documents::fuse_testing

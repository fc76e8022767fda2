#pragma once

// A fresh directory under $TMPDIR for one permission store test, removed afterwards.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace sandbox::portals {

class PermissionTestDirectory {
  public:
    PermissionTestDirectory() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && tmp[0] == '/' ? tmp : "/tmp") +
                              "/permission-store-test-XXXXXX";
        if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
    }
    PermissionTestDirectory(const PermissionTestDirectory&) = delete;
    PermissionTestDirectory& operator=(const PermissionTestDirectory&) = delete;
    ~PermissionTestDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] std::filesystem::path db() const { return path_ / "db"; }

  private:
    std::filesystem::path path_;
};

}  // namespace sandbox::portals

#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::bench {

// A private directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
  public:
    static Result<TempDir> create(const char* name_prefix);
    TempDir(TempDir&& other) noexcept;
    TempDir& operator=(TempDir&&) = delete;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

// What the cases mount: an app directory for /app and many small bind sources, half of them
// directories and half regular files, so binds cover both kinds of mount point.
struct BenchFixture {
    TempDir root;
    std::filesystem::path app_dir;
    std::vector<std::filesystem::path> bind_sources;
};

Result<BenchFixture> create_fixture(std::size_t bind_source_count);

}  // namespace sandbox::bench

#include "bench_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;

fs::path temp_base() {
    const char* tmpdir = std::getenv("TMPDIR");
    return (tmpdir != nullptr && *tmpdir != '\0') ? fs::path(tmpdir) : fs::path("/tmp");
}

std::string bind_source_name(std::size_t index) {
    char name[32];
    std::snprintf(name, sizeof name, "%s%04zu", index % 2 == 0 ? "dir-" : "file-", index);
    return name;
}

Status create_bind_source(const fs::path& path, bool as_directory) {
    std::error_code error;
    if (as_directory) {
        fs::create_directory(path, error);
        if (error) return system_error("Can't create " + path.string(), error.value());
        return ok_status();
    }
    std::ofstream file(path);
    file << "bench\n";
    if (!file) return system_error("Can't write " + path.string());
    return ok_status();
}

Status create_app_dir(const fs::path& app_dir) {
    std::error_code error;
    fs::create_directories(app_dir / "bin", error);
    if (error) return system_error("Can't create " + app_dir.string(), error.value());
    return ok_status();
}

}  // namespace

Result<TempDir> TempDir::create(const char* name_prefix) {
    std::string pattern = (temp_base() / (std::string(name_prefix) + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return system_error("Can't create " + pattern);
    return TempDir(fs::path(pattern));
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir::~TempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

Result<BenchFixture> create_fixture(std::size_t bind_source_count) {
    auto root = TempDir::create("launch-bench");
    if (!root) return root.take_error();
    BenchFixture fixture{std::move(*root), {}, {}};

    fixture.app_dir = fixture.root.path() / "app";
    SANDBOX_TRY(create_app_dir(fixture.app_dir));

    fs::path sources_dir = fixture.root.path() / "bind-sources";
    std::error_code error;
    fs::create_directory(sources_dir, error);
    if (error) return system_error("Can't create " + sources_dir.string(), error.value());
    for (std::size_t index = 0; index < bind_source_count; ++index) {
        fs::path source = sources_dir / bind_source_name(index);
        SANDBOX_TRY(create_bind_source(source, index % 2 == 0));
        fixture.bind_sources.push_back(std::move(source));
    }
    return fixture;
}

}  // namespace sandbox::bench

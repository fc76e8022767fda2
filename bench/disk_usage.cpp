#include "disk_usage.hpp"

#include <sys/stat.h>

#include <set>
#include <utility>

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;

class UsageCounter {
  public:
    Status add(const fs::path& path) {
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0) return system_error("Can't stat " + path.string());
        const std::uint64_t bytes = static_cast<std::uint64_t>(st.st_blocks) * 512;
        usage_.linked_bytes += bytes;
        if (seen_.insert({st.st_dev, st.st_ino}).second) usage_.unique_bytes += bytes;
        return ok_status();
    }
    const DiskUsage& usage() const { return usage_; }

  private:
    DiskUsage usage_;
    std::set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace

Result<DiskUsage> disk_usage(const fs::path& root) {
    UsageCounter counter;
    SANDBOX_TRY(counter.add(root));
    std::error_code error;
    fs::recursive_directory_iterator walk(root, error);
    for (; !error && walk != fs::recursive_directory_iterator(); walk.increment(error))
        SANDBOX_TRY(counter.add(walk->path()));
    if (error) return system_error("Can't walk " + root.string(), error.value());
    return counter.usage();
}

}  // namespace sandbox::bench

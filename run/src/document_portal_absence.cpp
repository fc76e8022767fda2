#include "document_portal_absence.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::run {
namespace {

constexpr time_t kRememberedSeconds = 60;

std::string record_path(const std::string& runtime_dir) {
    return runtime_dir + "/.sandbox/no-document-portal";
}

}  // namespace

bool document_portal_recently_absent(const std::string& runtime_dir, const std::string& bus) {
    auto file = open_path(AT_FDCWD, record_path(runtime_dir), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (!file) return false;
    struct stat info {};
    if (::fstat(file->get(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::getuid() ||
        info.st_mtime + kRememberedSeconds < ::time(nullptr) || info.st_mtime > ::time(nullptr))
        return false;
    auto recorded = read_all(file->get());
    return recorded && *recorded == bus;
}

void remember_document_portal_absent(const std::string& runtime_dir, const std::string& bus) {
    // Only a hint: when it cannot be written, the next launch asks again.
    auto file = open_path(AT_FDCWD, record_path(runtime_dir),
                          O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0, 0600);
    if (file) (void)write_all(file->get(), bus);
}

}  // namespace sandbox::run

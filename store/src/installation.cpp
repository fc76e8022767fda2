#include "sandbox/store/installation.hpp"

#include <fcntl.h>
#include <ostree.h>
#include <sys/file.h>

#include <utility>

#include "sandbox/store/glib_handles.hpp"

namespace sandbox::store {
namespace {

namespace fs = std::filesystem;

std::string describe(const InstallationLocation& location) {
    switch (location.kind) {
        case InstallationKind::User:
            return "the user installation at " + location.base.string();
        case InstallationKind::System:
            return "the system installation at " + location.base.string();
        case InstallationKind::Custom:
            break;
    }
    return "the installation at " + location.base.string();
}

Status create_base(const InstallationLocation& location) {
    std::error_code error;
    fs::create_directories(location.base, error);
    if (error)
        return system_error("Can't create " + describe(location) +
                                (location.kind == InstallationKind::System ? " (try --user)" : ""),
                            error.value());
    return ok_status();
}

}  // namespace

Installation::Installation(InstallationLocation location, OstreeRepo* repo)
    : location_(std::move(location)), repo_(repo) {}

Installation::Installation(Installation&& other) noexcept
    : location_(std::move(other.location_)), repo_(std::exchange(other.repo_, nullptr)) {}

Installation& Installation::operator=(Installation&& other) noexcept {
    if (this != &other) {
        if (repo_ != nullptr) g_object_unref(repo_);
        location_ = std::move(other.location_);
        repo_ = std::exchange(other.repo_, nullptr);
    }
    return *this;
}

Installation::~Installation() {
    if (repo_ != nullptr) g_object_unref(repo_);
}

bool Installation::exists(const InstallationLocation& location) {
    std::error_code ignored;
    return fs::exists(repo_dir(location) / "config", ignored);
}

Result<Installation> Installation::open(const InstallationLocation& location, OpenMode mode) {
    fs::path repo_path = repo_dir(location);
    GErrorSlot error;
    if (exists(location)) {
        OstreeRepo* repo = ostree_repo_open_at(AT_FDCWD, repo_path.c_str(), nullptr, error.out());
        if (repo == nullptr) return error.to_error("Can't open " + describe(location));
        return Installation(location, repo);
    }
    if (mode == OpenMode::Existing)
        return usage_error("There is no installation at " + location.base.string() +
                           " yet (install something first)");
    SANDBOX_TRY(create_base(location));
    OstreeRepo* repo =
        ostree_repo_create_at(AT_FDCWD, repo_path.c_str(), OSTREE_REPO_MODE_BARE_USER_ONLY, nullptr,
                              nullptr, error.out());
    if (repo == nullptr) return error.to_error("Can't create " + describe(location));
    return Installation(location, repo);
}

Result<InstallationLock> InstallationLock::acquire(const InstallationLocation& location) {
    std::error_code ignored;
    fs::create_directories(location.base, ignored);
    fs::path path = lock_file(location);
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) return system_error("Can't open " + path.string());
    if (::flock(fd.get(), LOCK_EX) != 0) return system_error("Can't lock " + path.string());
    return InstallationLock(std::move(fd));
}

}  // namespace sandbox::store

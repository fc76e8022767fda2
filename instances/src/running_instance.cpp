#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

#include "sandbox/common/files.hpp"
#include "sandbox/instances/instance.hpp"

namespace sandbox::instances {
namespace {

constexpr int kIdAttempts = 100;

// getrandom(2): std::random_device's set-up (cpuid, which traps in a VM) took ~20-30 us of every
// run. On the kernels the launcher needs (>= 5.12) it fails only with EINTR.
std::string random_id() {
    std::uint32_t value = 0;
    while (::getrandom(&value, sizeof value, 0) < 0 && errno == EINTR) {
    }
    return std::to_string(value);
}

Result<UniqueFd> create_file(const std::filesystem::path& dir, const char* name, int flags) {
    auto fd = open_path(AT_FDCWD, (dir / name).string(), flags | O_CREAT | O_NOFOLLOW, 0, 0600);
    if (!fd) return system_error("Can't create " + (dir / name).string(), fd.error().code);
    return fd;
}

// A read lock on .ref for as long as the supervisor lives; `ps` tests for it.
Result<UniqueFd> lock_ref_file(const std::filesystem::path& dir) {
    auto fd = create_file(dir, kRefFile, O_RDWR);
    if (!fd) return fd.take_error();
    struct flock lock {};
    lock.l_type = F_RDLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd->get(), F_SETLK, &lock) != 0)
        return system_error("Can't lock " + (dir / kRefFile).string());
    return fd;
}

Status write_file(const std::filesystem::path& dir, const char* name, const std::string& text) {
    auto fd = create_file(dir, name, O_WRONLY | O_TRUNC);
    if (!fd) return fd.take_error();
    if (auto written = write_all(fd->get(), text); !written)
        return system_error("Can't write " + (dir / name).string(), written.error().code);
    return ok_status();
}

}  // namespace

RunningInstance::RunningInstance(std::string id, std::filesystem::path dir, UniqueFd lock)
    : id_(std::move(id)), dir_(std::move(dir)), lock_(std::move(lock)) {}

RunningInstance::RunningInstance(RunningInstance&& other) noexcept
    : id_(std::move(other.id_)), dir_(std::move(other.dir_)), lock_(std::move(other.lock_)) {
    other.dir_.clear();
}

RunningInstance::~RunningInstance() {
    if (dir_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

Result<RunningInstance> RunningInstance::create(const std::filesystem::path& instances_dir) {
    for (int attempt = 0; attempt < kIdAttempts; ++attempt) {
        std::string id = random_id();
        std::filesystem::path dir = instances_dir / id;
        if (::mkdir(dir.c_str(), 0700) != 0) {
            if (errno == EEXIST) continue;
            return system_error("Can't create " + dir.string());
        }
        auto lock = lock_ref_file(dir);
        if (!lock) {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
            return lock.take_error();
        }
        return RunningInstance(std::move(id), std::move(dir), std::move(*lock));
    }
    return usage_error("Can't find a free instance id in " + instances_dir.string());
}

Status RunningInstance::write_info(const std::string& text) const {
    return write_file(dir_, kInfoFile, text);
}

Status RunningInstance::write_pid(pid_t pid) const {
    return write_file(dir_, kPidFile, std::to_string(pid) + "\n");
}

Result<UniqueFd> RunningInstance::open_status_file() const {
    return create_file(dir_, kStatusFile, O_WRONLY | O_TRUNC);
}

}  // namespace sandbox::instances

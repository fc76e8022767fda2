// Identifying a caller: the bus daemon's ProcessID for the sender, a pidfd on it, the process's
// /.flatpak-info read through its own root (/proc/PID/root), and the registry's word on it.
//
// Debian 12's dbus-daemon (1.14) gives a pid but no pidfd, so the pid may have been reused by the
// time we look. A reused pid can only make a sandboxed caller look like another process; the
// dangerous outcome is "host", so a caller is taken for the host only when the process is in the
// portal's own mount namespace, has no /.flatpak-info, started before its call reached us, and
// its connection is still on the bus once we have looked (docs/PORTAL.md, "Who is calling").

#include "sandbox/portals/caller.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <sdbus-c++/sdbus-c++.h>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kDriverName = "org.freedesktop.DBus";
constexpr const char* kDriverPath = "/org/freedesktop/DBus";
constexpr const char* kDriverInterface = "org.freedesktop.DBus";

int pidfd_open(pid_t pid) {
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

bool process_alive(int pidfd) {
    return ::syscall(SYS_pidfd_send_signal, pidfd, 0, nullptr, 0) == 0;
}

// Clock ticks since boot, as /proc/PID/stat's starttime counts them.
unsigned long long boot_ticks_now() {
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    const long hz = ::sysconf(_SC_CLK_TCK);
    return static_cast<unsigned long long>(now.tv_sec) * hz +
           static_cast<unsigned long long>(now.tv_nsec) / (1000000000LL / hz);
}

// Field 22 of /proc/PID/stat; 0 when unreadable.
unsigned long long start_ticks(int proc_dir) {
    auto fd = open_path(proc_dir, "stat", O_RDONLY | O_CLOEXEC);
    if (!fd) return 0;
    auto text = read_all(fd->get());
    if (!text) return 0;
    // The command name (field 2) may hold spaces and parentheses: count from its last ')'.
    const auto end_of_name = text->rfind(')');
    if (end_of_name == std::string::npos) return 0;
    std::istringstream fields(text->substr(end_of_name + 2));
    std::string field;
    for (int index = 3; index <= 22 && fields >> field; ++index)
        if (index == 22) return std::stoull(field);
    return 0;
}

bool same_mount_namespace(int proc_dir) {
    struct stat theirs {};
    struct stat ours {};
    return ::fstatat(proc_dir, "ns/mnt", &theirs, 0) == 0 &&
           ::stat("/proc/self/ns/mnt", &ours) == 0 && theirs.st_dev == ours.st_dev &&
           theirs.st_ino == ours.st_ino;
}

// The text of the process's /.flatpak-info; ENOENT as an error code when it has none.
Result<std::string> read_flatpak_info(int proc_dir) {
    auto root = open_path(proc_dir, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!root) return root.take_error();
    auto file = open_path(root->get(), ".flatpak-info", O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
                          RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS);
    if (!file) return file.take_error();
    struct stat info {};
    if (::fstat(file->get(), &info) != 0 || !S_ISREG(info.st_mode) ||
        static_cast<std::size_t>(info.st_size) > kMaxCallerInfoSize)
        return unidentified_caller();
    return read_all(file->get());
}

}  // namespace

CallerIdentifier::CallerIdentifier(sdbus::IConnection& bus, std::filesystem::path instances_dir)
    : bus_(bus), instances_dir_(std::move(instances_dir)) {}

CallerIdentifier::~CallerIdentifier() = default;

Result<Caller> CallerIdentifier::identify(const std::string& sender) {
    if (auto known = known_.find(sender); known != known_.end()) return known->second;
    auto caller = identify_uncached(sender);
    if (caller) known_.emplace(sender, *caller);
    return caller;
}

void CallerIdentifier::forget(const std::string& sender) {
    known_.erase(sender);
}

Result<Caller> CallerIdentifier::identify_uncached(const std::string& sender) {
    const unsigned long long called_at = boot_ticks_now();
    auto driver = sdbus::createProxy(bus_, kDriverName, kDriverPath);
    std::map<std::string, sdbus::Variant> credentials;
    try {
        driver->callMethod("GetConnectionCredentials")
            .onInterface(kDriverInterface)
            .withArguments(sender)
            .storeResultsTo(credentials);
    } catch (const sdbus::Error&) {
        return unidentified_caller();
    }
    auto pid_entry = credentials.find("ProcessID");
    auto uid_entry = credentials.find("UnixUserID");
    if (pid_entry == credentials.end() || uid_entry == credentials.end())
        return unidentified_caller();
    const auto pid = static_cast<pid_t>(pid_entry->second.get<std::uint32_t>());
    if (uid_entry->second.get<std::uint32_t>() != ::getuid() || pid <= 0)
        return unidentified_caller();

    UniqueFd pidfd(pidfd_open(pid));
    if (!pidfd) return unidentified_caller();
    auto proc_dir =
        open_path(AT_FDCWD, "/proc/" + std::to_string(pid), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!proc_dir || !process_alive(pidfd.get())) return unidentified_caller();

    auto info = read_flatpak_info(proc_dir->get());
    if (info) {
        auto caller = sandboxed_caller_from_info(*info, instances_dir_);
        if (caller) caller->pid = pid;
        return caller;
    }
    if (info.error().code != ENOENT || !same_mount_namespace(proc_dir->get()))
        return unidentified_caller();

    const unsigned long long started = start_ticks(proc_dir->get());
    if (started == 0 || started > called_at || !process_alive(pidfd.get()))
        return unidentified_caller();
    bool still_connected = false;
    try {
        driver->callMethod("NameHasOwner")
            .onInterface(kDriverInterface)
            .withArguments(sender)
            .storeResultsTo(still_connected);
    } catch (const sdbus::Error&) {
        return unidentified_caller();
    }
    if (!still_connected) return unidentified_caller();
    Caller host;
    host.pid = pid;
    return host;
}

}  // namespace sandbox::portals

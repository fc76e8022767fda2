#pragma once

// The launch plan: everything a sandbox is, as plain data. Front-ends (sandbox-launch's bwrap-style
// options, `sandbox run`'s permissions) fill it; launch() carries it out. Nothing here touches the
// kernel, so every front-end's mapping is unit-tested on this value alone.

#include <linux/filter.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sandbox::launcher {

struct Namespaces {
    bool user = true;  // always: the launcher is unprivileged
    bool mount = true;
    bool pid = false;
    bool ipc = false;
    bool uts = false;
    bool net = false;
    bool cgroup = false;
    bool operator==(const Namespaces&) const = default;
};

// A bind source named by a host path: opened once (O_PATH) before clone, mounted by fd.
struct HostPath {
    std::string path;
    bool operator==(const HostPath&) const = default;
};
// A bind source the caller already opened (bwrap's --bind-fd): an O_PATH or ordinary fd.
struct InheritedFd {
    int fd = -1;
    bool operator==(const InheritedFd&) const = default;
};
using MountSource = std::variant<HostPath, InheritedFd>;

enum class BindAccess { ReadWrite, ReadOnly, Devices };

struct BindMount {
    MountSource source;
    std::string dest;
    BindAccess access = BindAccess::ReadOnly;
    bool optional = false;  // the -try forms: a missing source is skipped
    bool operator==(const BindMount&) const = default;
};
struct TmpfsMount {
    std::string dest;
    mode_t mode = 0755;
    std::uint64_t size = 0;  // bytes; 0 = the kernel's default
    bool operator==(const TmpfsMount&) const = default;
};
struct ProcMount {
    std::string dest;
    bool operator==(const ProcMount&) const = default;
};
struct DevMount {
    std::string dest;
    bool operator==(const DevMount&) const = default;
};
struct MqueueMount {
    std::string dest;
    bool operator==(const MqueueMount&) const = default;
};
struct MakeDir {
    std::string dest;
    mode_t mode = 0755;
    bool operator==(const MakeDir&) const = default;
};
struct MakeSymlink {
    std::string target;
    std::string dest;
    bool operator==(const MakeSymlink&) const = default;
};
// A regular file in the sandbox filled with everything read from fd (bwrap's --file).
struct MakeFile {
    int fd = -1;
    std::string dest;
    mode_t mode = 0666;
    bool operator==(const MakeFile&) const = default;
};
// A file filled from fd, bind-mounted at dest (bwrap's --bind-data / --ro-bind-data).
struct BindData {
    int fd = -1;
    std::string dest;
    mode_t mode = 0600;
    bool readonly = false;
    bool operator==(const BindData&) const = default;
};
struct RemountReadOnly {
    std::string dest;
    bool operator==(const RemountReadOnly&) const = default;
};
struct ChangeMode {
    std::string dest;
    mode_t mode = 0;
    bool operator==(const ChangeMode&) const = default;
};
enum class OverlayKind { Writable, Temporary, ReadOnly };
struct OverlayMount {
    std::vector<MountSource> lower;    // bottom layer first, as given on the command line
    std::optional<MountSource> upper;  // Writable only
    std::optional<MountSource> work;   // Writable only
    std::string dest;
    OverlayKind kind = OverlayKind::ReadOnly;
    bool operator==(const OverlayMount&) const = default;
};

using MountOp =
    std::variant<BindMount, TmpfsMount, ProcMount, DevMount, MqueueMount, MakeDir, MakeSymlink,
                 MakeFile, BindData, RemountReadOnly, ChangeMode, OverlayMount>;

using SeccompProgram = std::vector<sock_filter>;

// Which of the launcher's inherited fds reach the app. Fds the launcher itself consumes (bind
// sources, data fds, seccomp programs, info/status fds) never do.
enum class FdPolicy {
    InheritAll,  // bwrap's behaviour: every fd the caller passed stays open in the app
    OnlyListed,  // 0, 1, 2 and keep_fds only
};

struct ReadyGate {
    int fd = -1;
    std::chrono::milliseconds timeout{0};  // 0: no limit
    std::string failure;                   // the launch's one line when the byte does not come
    bool operator==(const ReadyGate&) const = default;
};

struct LaunchPlan {
    Namespaces namespaces;
    std::optional<uid_t> uid;  // inside the sandbox; default: the caller's
    std::optional<gid_t> gid;
    std::optional<std::string> hostname;

    std::vector<MountOp> mounts;  // carried out in order on a fresh tmpfs root

    std::vector<std::string> environment;  // the app's complete environment, "NAME=value"
    std::optional<std::string>
        cwd;  // default: the caller's cwd if it exists inside, else $HOME, else /
    std::vector<std::string> argv;     // argv[0] is looked up in the sandbox's PATH
    std::optional<std::string> argv0;  // what the app sees as argv[0]

    std::vector<SeccompProgram> seccomp;  // loaded last, in order, just before exec
    std::vector<int> keep_capabilities;   // CAP_* numbers kept (bwrap's --cap-add)

    bool die_with_parent = false;
    bool new_session = false;
    bool as_pid_1 = false;
    bool disable_userns = false;
    bool assert_userns_disabled = false;

    FdPolicy fd_policy = FdPolicy::OnlyListed;
    std::vector<int> keep_fds;            // with OnlyListed, beyond 0-2
    std::vector<int> consumed_fds;        // closed before exec whatever the policy
    std::vector<std::string> lock_files;  // paths inside; read-locked while the sandbox runs
    int sync_fd = -1;                     // kept open by pid 1 while the sandbox runs
    int block_fd = -1;                    // read once before exec
    // Read before exec, once the sandbox is built, each in turn: one byte from each starts the
    // app; end of file (whoever was to write it ended without) or nothing within its timeout
    // fails the launch with its message. `sandbox run` gives each D-Bus proxy's sync pipe here,
    // so the app's sandbox is built while the proxies start.
    std::vector<ReadyGate> ready_gates;
    std::vector<int> held_fds;  // like sync_fd: kept open by pid 1 while the sandbox runs
    int info_fd = -1;           // receives {"child-pid": …, "*-namespace": …}
    int json_status_fd = -1;    // receives the same, then {"exit-code": …}
    bool level_prefix = false;  // prefix messages with "<3>" (syslog level)
};

}  // namespace sandbox::launcher

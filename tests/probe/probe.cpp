// sandbox-probe: runs inside a sandbox and reports what it sees as key=value lines on stdout.
// Statically linked so that a sandbox holding nothing but this one file can run it.
//
// Subcommands (see usage()): report, syscalls, write, mkdir, stat, cat, getenv, env, exit,
// kill-self, sleep, pause, wait-stdin, trap-term, fork-orphan, int80, x32, tty-inject,
// interfaces, loopback, connect-tcp, connect-abstract, open-rw, int80-call, x32-call,
// int80-socketcall, proc-exe, kill-pid, kill-all, attempt.

#include <arpa/inet.h>
#include <asm/ldt.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

namespace {

// An invalid pointer: an allowed syscall given it fails harmlessly with EFAULT.
char* const kWrongPointer = reinterpret_cast<char*>(1);
constexpr long kSizeofCloneArgs = 88;
constexpr unsigned long kHighBits = 0x123UL << 32;

void print(std::string_view key, std::string_view value) {
    std::cout << key << '=' << value << '\n';
}

std::string errno_name(int code) {
    const char* name = strerrorname_np(code);
    return name != nullptr ? name : "E" + std::to_string(code);
}

// "ok" when the call succeeded, else the errno's name.
std::string outcome(long result) {
    return result >= 0 ? "ok" : errno_name(errno);
}

std::string read_link(const std::string& path) {
    std::vector<char> buffer(4096);
    ssize_t length = readlink(path.c_str(), buffer.data(), buffer.size());
    return length < 0 ? "?" + errno_name(errno) : std::string(buffer.data(), length);
}

std::vector<std::string> directory_entries(const char* path, int* own_fd = nullptr) {
    std::vector<std::string> names;
    DIR* dir = opendir(path);
    if (dir == nullptr) return names;
    if (own_fd != nullptr) *own_fd = dirfd(dir);
    while (dirent* entry = readdir(dir)) {
        std::string_view name = entry->d_name;
        if (name != "." && name != "..") names.emplace_back(name);
    }
    closedir(dir);
    return names;
}

bool is_number(std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

void report_identity() {
    print("uid", std::to_string(getuid()));
    print("gid", std::to_string(getgid()));
    print("euid", std::to_string(geteuid()));
    print("egid", std::to_string(getegid()));
    print("pid", std::to_string(getpid()));
    print("ppid", std::to_string(getppid()));
    print("sid", std::to_string(getsid(0)));
    print("pgid", std::to_string(getpgid(0)));
    std::vector<gid_t> groups(NGROUPS_MAX);
    int count = getgroups(static_cast<int>(groups.size()), groups.data());
    for (int i = 0; i < count; ++i) print("group", std::to_string(groups[i]));
}

void report_status_fields() {
    static const char* const kFields[] = {"CapInh", "CapPrm",  "CapEff",    "CapBnd",
                                          "CapAmb", "Seccomp", "NoNewPrivs"};
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        for (const char* field : kFields) {
            if (key != field) continue;
            auto start = line.find_first_not_of(" \t", colon + 1);
            print(key, start == std::string::npos ? "" : line.substr(start));
        }
    }
}

void report_processes() {
    for (const auto& name : directory_entries("/proc"))
        if (is_number(name)) print("proc", name);
}

void report_fds() {
    int listing_fd = -1;
    for (const auto& name : directory_entries("/proc/self/fd", &listing_fd)) {
        if (name == std::to_string(listing_fd)) continue;
        print("fd", name + ":" + read_link("/proc/self/fd/" + name));
    }
}

void report_host_and_cwd() {
    char buffer[4096];
    print("hostname", gethostname(buffer, sizeof buffer) == 0 ? buffer : "?");
    print("cwd", getcwd(buffer, sizeof buffer) != nullptr ? buffer : "?" + errno_name(errno));
}

void report_mounts() {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) print("mount", line);
}

void report_environment() {
    for (char** entry = environ; *entry != nullptr; ++entry) print("env", *entry);
}

int command_report() {
    report_identity();
    report_status_fields();
    report_processes();
    report_fds();
    report_host_and_cwd();
    report_mounts();
    report_environment();
    return 0;
}

// Runs `call` in a child so that a call that succeeds (unshare, personality, a raw clone) cannot
// change the probe itself; the child hands back "ok" or the errno through its exit status.
std::string outcome_in_child(const std::function<long()>& call) {
    pid_t child = fork();
    if (child < 0) return "fork-" + errno_name(errno);
    if (child == 0) _exit(call() >= 0 ? 0 : errno);
    int status = 0;
    if (waitpid(child, &status, 0) < 0) return "wait-" + errno_name(errno);
    if (WIFSIGNALED(status)) return "signal-" + std::to_string(WTERMSIG(status));
    return WEXITSTATUS(status) == 0 ? "ok" : errno_name(WEXITSTATUS(status));
}

long clone_with_flags(unsigned long flags) {
    long pid = syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
    if (pid == 0) _exit(0);
    if (pid > 0) waitpid(static_cast<pid_t>(pid), nullptr, 0);
    return pid;
}

long open_socket(int family, int type, int protocol) {
    int fd = socket(family, type, protocol);
    if (fd >= 0) close(fd);
    return fd;
}

std::string fork_outcome() {
    pid_t child = fork();
    if (child < 0) return errno_name(errno);
    if (child == 0) _exit(0);
    int status = 0;
    if (waitpid(child, &status, 0) != child) return errno_name(errno);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "ok" : "bad-status";
}

std::string thread_outcome() {
    try {
        bool ran = false;
        std::thread worker([&ran] { ran = true; });
        worker.join();
        return ran ? "ok" : "not-run";
    } catch (const std::system_error& error) {
        return errno_name(error.code().value());
    }
}

using SyscallTable = std::vector<std::pair<std::string, std::function<std::string()>>>;

// Each syscall gets arguments that make it fail harmlessly (EBADF, EFAULT, ESRCH, EINVAL...) when
// it is allowed, so a filter's errno (EPERM, ENOSYS, EAFNOSUPPORT) stands out.
SyscallTable namespace_and_mount_syscalls() {
    return {
        {"unshare_newuser",
         [] { return outcome_in_child([] { return long{unshare(CLONE_NEWUSER)}; }); }},
        {"clone_newuser",
         [] { return outcome_in_child([] { return clone_with_flags(CLONE_NEWUSER); }); }},
        {"setns", [] { return outcome(setns(-1, CLONE_NEWUSER)); }},
        {"mount",
         [] {
             return outcome(syscall(SYS_mount, kWrongPointer, kWrongPointer, kWrongPointer, 0, 0));
         }},
        {"umount2", [] { return outcome(syscall(SYS_umount2, kWrongPointer, 0)); }},
        {"pivot_root",
         [] { return outcome(syscall(SYS_pivot_root, kWrongPointer, kWrongPointer)); }},
        {"chroot", [] { return outcome(syscall(SYS_chroot, kWrongPointer)); }},
        {"clone3", [] { return outcome(syscall(SYS_clone3, kWrongPointer, kSizeofCloneArgs)); }},
        {"open_tree", [] { return outcome(syscall(SYS_open_tree, -1, kWrongPointer, 0)); }},
        {"move_mount",
         [] { return outcome(syscall(SYS_move_mount, -1, kWrongPointer, -1, kWrongPointer, 0)); }},
        {"fsopen", [] { return outcome(syscall(SYS_fsopen, kWrongPointer, 0)); }},
        {"fsconfig",
         [] { return outcome(syscall(SYS_fsconfig, -1, 0, kWrongPointer, kWrongPointer, 0)); }},
        {"fsmount", [] { return outcome(syscall(SYS_fsmount, -1, 0, 0)); }},
        {"fspick", [] { return outcome(syscall(SYS_fspick, -1, kWrongPointer, 0)); }},
        {"mount_setattr",
         [] {
             return outcome(syscall(SYS_mount_setattr, -1, kWrongPointer, 0, kWrongPointer, 32));
         }},
    };
}

SyscallTable kernel_surface_syscalls() {
    return {
        {"ptrace", [] { return outcome(syscall(SYS_ptrace, PTRACE_PEEKDATA, getpid(), 0, 0)); }},
        {"keyctl", [] { return outcome(syscall(SYS_keyctl, 0x7fffffff, 0, 0, 0, 0)); }},
        {"add_key",
         [] {
             return outcome(syscall(SYS_add_key, kWrongPointer, kWrongPointer, nullptr, 0,
                                    KEY_SPEC_PROCESS_KEYRING));
         }},
        {"request_key",
         [] {
             return outcome(syscall(SYS_request_key, kWrongPointer, kWrongPointer, nullptr, 0));
         }},
        {"perf_event_open",
         [] { return outcome(syscall(SYS_perf_event_open, kWrongPointer, 0, -1, -1, 0)); }},
        {"syslog", [] { return outcome(syscall(SYS_syslog, 3, kWrongPointer, 1)); }},
        {"io_uring_setup", [] { return outcome(syscall(SYS_io_uring_setup, 1, kWrongPointer)); }},
        // UFFD_USER_MODE_ONLY passes the privilege check; the extra bit then gives EINVAL.
        {"userfaultfd", [] { return outcome(syscall(SYS_userfaultfd, 1 | 2)); }},
        {"bpf", [] { return outcome(syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, kWrongPointer, 8)); }},
        {"modify_ldt", [] { return outcome(syscall(SYS_modify_ldt, 0, kWrongPointer, 1)); }},
        {"personality_linux",
         [] { return outcome_in_child([] { return long{personality(PER_LINUX)}; }); }},
        {"personality_no_randomize",
         [] {
             return outcome_in_child([] {
                 return long{personality(static_cast<unsigned>(PER_LINUX) | ADDR_NO_RANDOMIZE)};
             });
         }},
    };
}

SyscallTable ioctl_syscalls() {
    return {
        {"ioctl_tiocsti", [] { return outcome(syscall(SYS_ioctl, -1, TIOCSTI, kWrongPointer)); }},
        {"ioctl_tiocsti_high_bits",
         [] { return outcome(syscall(SYS_ioctl, -1, kHighBits | TIOCSTI, kWrongPointer)); }},
        {"ioctl_tioclinux",
         [] { return outcome(syscall(SYS_ioctl, -1, TIOCLINUX, kWrongPointer)); }},
        {"ioctl_tioclinux_high_bits",
         [] { return outcome(syscall(SYS_ioctl, -1, kHighBits | TIOCLINUX, kWrongPointer)); }},
        {"ioctl_tiocnotty", [] { return outcome(syscall(SYS_ioctl, -1, TIOCNOTTY)); }},
    };
}

SyscallTable socket_syscalls() {
    return {
        {"socket_packet", [] { return outcome(open_socket(AF_PACKET, SOCK_RAW, htons(0x0003))); }},
        {"socket_vsock", [] { return outcome(open_socket(40 /* AF_VSOCK */, SOCK_STREAM, 0)); }},
        {"socket_alg", [] { return outcome(open_socket(38 /* AF_ALG */, SOCK_SEQPACKET, 0)); }},
        {"socket_inet", [] { return outcome(open_socket(AF_INET, SOCK_STREAM, 0)); }},
        {"socket_inet6", [] { return outcome(open_socket(AF_INET6, SOCK_DGRAM, 0)); }},
        {"socket_unix", [] { return outcome(open_socket(AF_UNIX, SOCK_STREAM, 0)); }},
        {"socket_netlink", [] { return outcome(open_socket(AF_NETLINK, SOCK_RAW, 0)); }},
        {"listen", [] { return outcome(listen(-1, 42)); }},
    };
}

SyscallTable control_syscalls() {
    return {
        {"chmod", [] { return outcome(syscall(SYS_chmod, kWrongPointer, 0700)); }},
        {"prctl", [] { return outcome(prctl(PR_GET_CHILD_SUBREAPER, kWrongPointer, 0, 0, 0)); }},
    };
}

// Syscalls newer than Debian 12's libseccomp (2.5.4 has no name for them), by number: a policy
// that is an allowlist refuses them with ENOSYS; on kernels that lack them they are ENOSYS anyway.
SyscallTable unnamed_syscalls() {
#if defined(__x86_64__)
    return {
        {"statmount", [] { return outcome(syscall(457, kWrongPointer, kWrongPointer, 64, 0)); }},
        {"listmount", [] { return outcome(syscall(458, kWrongPointer, kWrongPointer, 1, 0)); }},
    };
#else
    return {};
#endif
}

int command_syscalls() {
    for (const auto& table :
         {namespace_and_mount_syscalls(), kernel_surface_syscalls(), ioctl_syscalls(),
          socket_syscalls(), control_syscalls(), unnamed_syscalls()}) {
        for (const auto& [name, run] : table) print("syscall." + name, run());
    }
    print("fork", fork_outcome());
    print("thread", thread_outcome());
    return 0;
}

int command_write(const std::string& path) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        print("write", errno_name(errno));
        return 0;
    }
    bool written = ::write(fd, "probe\n", 6) == 6;
    print("write", written ? "ok" : errno_name(errno));
    close(fd);
    return 0;
}

int command_mkdir(const std::string& path) {
    print("mkdir", outcome(mkdir(path.c_str(), 0755)));
    return 0;
}

const char* file_type(mode_t mode) {
    if (S_ISDIR(mode)) return "dir";
    if (S_ISREG(mode)) return "file";
    if (S_ISLNK(mode)) return "symlink";
    if (S_ISCHR(mode)) return "char";
    if (S_ISBLK(mode)) return "block";
    if (S_ISFIFO(mode)) return "fifo";
    if (S_ISSOCK(mode)) return "socket";
    return "other";
}

std::string octal(unsigned value) {
    std::ostringstream text;
    text << std::oct << value;
    return text.str();
}

// lstat: a symlink is reported as one, with its target.
int command_stat(const std::string& path) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0) {
        print("exists", "0");
        print("error", errno_name(errno));
        return 0;
    }
    print("exists", "1");
    print("type", file_type(info.st_mode));
    print("mode", octal(info.st_mode & 07777));
    print("uid", std::to_string(info.st_uid));
    print("gid", std::to_string(info.st_gid));
    print("size", std::to_string(info.st_size));
    if (S_ISLNK(info.st_mode)) print("target", read_link(path));
    if (S_ISDIR(info.st_mode)) {
        for (const auto& name : directory_entries(path.c_str())) print("entry", name);
    }
    return 0;
}

int command_cat(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        print("cat", errno_name(errno));
        return 1;
    }
    std::cout << file.rdbuf();
    return 0;
}

int command_getenv(const std::string& name) {
    const char* value = getenv(name.c_str());
    if (value == nullptr) {
        print("unset", name);
    } else {
        print("value", value);
    }
    return 0;
}

int command_env() {
    report_environment();
    return 0;
}

// Says it is running, then waits until the test closes our stdin.
int command_wait_stdin() {
    print("ready", std::to_string(getpid()));
    std::cout.flush();
    char buffer[256];
    while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    return 0;
}

int command_pause() {
    print("ready", std::to_string(getpid()));
    std::cout.flush();
    for (;;) pause();
}

void announce_and_die(int signal_number) {
    static const char kMessage[] = "signal=SIGTERM\n";
    if (::write(STDOUT_FILENO, kMessage, sizeof kMessage - 1) < 0) {
    }
    ::signal(signal_number, SIG_DFL);
    raise(signal_number);
}

// Says so when SIGTERM arrives, then dies of it (status 143).
int command_trap_term() {
    ::signal(SIGTERM, announce_and_die);
    return command_pause();
}

// Leaves a child behind that outlives the probe (for the "nothing left behind" checks).
int command_fork_orphan() {
    pid_t child = fork();
    if (child == 0) {
        for (;;) pause();
    }
    print("orphan", std::to_string(child));
    return 0;
}

int command_sleep(const std::string& seconds) {
    sleep(static_cast<unsigned>(std::stoul(seconds)));
    return 0;
}

int command_kill_self(const std::string& signal_number) {
    std::cout.flush();
    raise(std::stoi(signal_number));
    return 0;
}

// A syscall through the i386 ABI (int $0x80) from this 64-bit process. A filter that only knows
// x86_64 must kill us for it.
int command_int80(const std::string& number) {
    long result = std::stol(number);
    __asm__ volatile("int $0x80" : "+a"(result) : : "memory");
    print("int80", std::to_string(result));
    return 0;
}

int command_x32(const std::string& number) {
    constexpr long kX32SyscallBit = 0x40000000;
    print("x32", outcome(syscall(kX32SyscallBit | std::stol(number))));
    return 0;
}

// The TIOCSTI attack of CVE-2017-5226: pushes bytes into the input of the terminal on stdin.
int command_tty_inject() {
    static const char kPayload[] = "echo injected\n";
    std::string result = "ok";
    for (const char* c = kPayload; *c != '\0'; ++c) {
        if (ioctl(STDIN_FILENO, TIOCSTI, c) != 0) {
            result = errno_name(errno);
            break;
        }
    }
    print("tty-inject", result);
    return 0;
}

// The network namespace's interfaces (from /proc/net/dev) with whether each is up.
int command_interfaces() {
    std::ifstream devices("/proc/net/dev");
    std::string line;
    int socket_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    for (int skipped = 0; skipped < 2 && std::getline(devices, line); ++skipped) {
    }
    while (std::getline(devices, line)) {
        std::string name = line.substr(0, line.find(':'));
        name.erase(0, name.find_first_not_of(' '));
        ifreq request{};
        std::strncpy(request.ifr_name, name.c_str(), IFNAMSIZ - 1);
        bool up = ioctl(socket_fd, SIOCGIFFLAGS, &request) == 0 && (request.ifr_flags & IFF_UP);
        print("interface", name + (up ? ":up" : ":down"));
    }
    close(socket_fd);
    return 0;
}

constexpr char kGreeting[] = "sandbox-probe";

// Connects, sends kGreeting and closes: the listener needs no accept() running meanwhile.
void connect_and_greet(int fd, const sockaddr* address, socklen_t length) {
    if (connect(fd, address, length) != 0) {
        print("connect", errno_name(errno));
        return;
    }
    print("connect", "ok");
    print("send", outcome(send(fd, kGreeting, sizeof kGreeting - 1, MSG_NOSIGNAL)));
}

int command_connect_tcp(const std::string& host, const std::string& port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(std::stoul(port)));
    if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) return 2;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    connect_and_greet(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    close(fd);
    return 0;
}

// NAME without the leading '@' that tools print for the abstract namespace.
int command_connect_abstract(const std::string& name) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (name.size() + 1 > sizeof address.sun_path) return 2;
    std::memcpy(address.sun_path + 1, name.data(), name.size());
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    connect_and_greet(fd, reinterpret_cast<const sockaddr*>(&address), length);
    close(fd);
    return 0;
}

// A server on 127.0.0.1 inside the sandbox and a client of it: loopback=ok when a greeting
// crosses.
int command_loopback() {
    int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (bind(server, generic, length) != 0 || listen(server, 1) != 0 ||
        getsockname(server, generic, &length) != 0) {
        print("loopback", "listen-" + errno_name(errno));
        return 0;
    }
    int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    connect_and_greet(client, generic, length);
    int accepted = accept4(server, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    char buffer[sizeof kGreeting] = {};
    bool crossed = accepted >= 0 && recv(accepted, buffer, sizeof buffer - 1, 0) > 0 &&
                   std::string_view(buffer) == kGreeting;
    print("loopback", crossed ? "ok" : "failed");
    for (int fd : {accepted, client, server})
        if (fd >= 0) close(fd);
    return 0;
}

int command_open_rw(const std::string& path) {
    int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
    print("open", outcome(fd));
    if (fd >= 0) close(fd);
    return 0;
}

// --- foreign syscall ABIs, /proc/PID/exe and signals (catalog S09, S11, S13) ---

constexpr std::size_t kForeignCallArguments = 5;
using ForeignArguments = std::array<long, kForeignCallArguments>;

ForeignArguments foreign_arguments(const std::vector<std::string>& args, std::size_t first) {
    ForeignArguments arguments{};
    for (std::size_t index = first; index < args.size(); ++index)
        arguments.at(index - first) = std::stol(args[index], nullptr, 0);
    return arguments;
}

// The i386 ABI (int $0x80) from this 64-bit process: -errno on failure. The kernel zeroes
// r8-r11 on the way back from a compat syscall.
long raw_int80(long number, const ForeignArguments& a) {
    long result = number;
    __asm__ volatile("int $0x80"
                     : "+a"(result)
                     : "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
                     : "memory", "r8", "r9", "r10", "r11");
    return result;
}

long raw_x32(long number, const ForeignArguments& a) {
    constexpr long kX32SyscallBit = 0x40000000;
    long result = syscall(kX32SyscallBit | number, a[0], a[1], a[2], a[3], a[4]);
    return result < 0 ? -errno : result;
}

// Runs a foreign-ABI call in a child: a filter may kill the caller for it (signal-31), and a
// call that succeeds (unshare, clone) must not change the probe. A process the call itself made
// (clone) leaves at once.
std::string foreign_call_outcome(const std::function<long()>& call) {
    pid_t child = fork();
    if (child < 0) return "fork-" + errno_name(errno);
    if (child == 0) {
        const pid_t self = getpid();
        long result = call();
        if (getpid() != self) _exit(0);
        _exit(result >= 0 ? 0 : static_cast<int>(-result) & 0xff);
    }
    int status = 0;
    if (waitpid(child, &status, 0) < 0) return "wait-" + errno_name(errno);
    if (WIFSIGNALED(status)) return "signal-" + std::to_string(WTERMSIG(status));
    return WEXITSTATUS(status) == 0 ? "ok" : errno_name(WEXITSTATUS(status));
}

// int80-call NR [ARG...]: the i386 syscall NR with up to five numeric arguments.
int command_int80_call(const std::vector<std::string>& args) {
    const long number = std::stol(args[1], nullptr, 0);
    const ForeignArguments arguments = foreign_arguments(args, 2);
    print("int80", foreign_call_outcome([&] { return raw_int80(number, arguments); }));
    return 0;
}

// x32-call NR [ARG...]: the x32 syscall NR (NR | __X32_SYSCALL_BIT).
int command_x32_call(const std::vector<std::string>& args) {
    const long number = std::stol(args[1], nullptr, 0);
    const ForeignArguments arguments = foreign_arguments(args, 2);
    print("x32", foreign_call_outcome([&] { return raw_x32(number, arguments); }));
    return 0;
}

// socketcall(SYS_SOCKET, {family, type, 0}) through int $0x80: the family sits in memory, where
// no seccomp rule can read it. The probe is static and not PIE, so its data has 32-bit addresses.
int command_int80_socketcall(const std::string& family, const std::string& type) {
    constexpr long kI386Socketcall = 102;
    constexpr long kSysSocket = 1;
    static std::uint32_t socket_arguments[3];
    socket_arguments[0] = static_cast<std::uint32_t>(std::stoul(family, nullptr, 0));
    socket_arguments[1] = static_cast<std::uint32_t>(std::stoul(type, nullptr, 0));
    const auto address = reinterpret_cast<std::uintptr_t>(socket_arguments);
    if (address > 0xffffffffUL) {
        print("int80", "unaddressable");
        return 0;
    }
    const ForeignArguments arguments{kSysSocket, static_cast<long>(address)};
    print("int80", foreign_call_outcome([&] { return raw_int80(kI386Socketcall, arguments); }));
    return 0;
}

// For every process visible in /proc (and "self"): where its exe link points and whether it can
// be opened for writing, directly or reopened through an O_PATH fd (CVE-2019-5736).
int command_proc_exe() {
    std::vector<std::string> pids{"self"};
    for (const auto& name : directory_entries("/proc"))
        if (is_number(name)) pids.push_back(name);
    for (const auto& pid : pids) {
        const std::string exe = "/proc/" + pid + "/exe";
        print("exe." + pid, read_link(exe));
        for (const auto& [key, flags] :
             {std::pair{"wronly", O_WRONLY}, std::pair{"rdwr", O_RDWR}}) {
            int fd = open(exe.c_str(), flags | O_CLOEXEC);
            print(std::string("exe-") + key + "." + pid, outcome(fd));
            if (fd >= 0) close(fd);
        }
        int path_fd = open(exe.c_str(), O_PATH | O_CLOEXEC);
        print("exe-path." + pid, outcome(path_fd));
        if (path_fd < 0) continue;
        const std::string reopen = "/proc/self/fd/" + std::to_string(path_fd);
        int fd = open(reopen.c_str(), O_RDWR | O_CLOEXEC);
        print("exe-reopen." + pid, outcome(fd));
        if (fd >= 0) close(fd);
        close(path_fd);
    }
    return 0;
}

int command_kill_pid(const std::string& pid, const std::string& signal_number) {
    print("kill", outcome(kill(static_cast<pid_t>(std::stol(pid)), std::stoi(signal_number))));
    return 0;
}

// kill(-1, SIGNAL): every process the probe may signal but pid 1 and itself.
int command_kill_all(const std::string& signal_number) {
    print("kill-all", outcome(kill(-1, std::stoi(signal_number))));
    return 0;
}

// attempt ATTACK [ARG...]: one escape a hostile build command would try; exits 0 only when it
// worked, so a build running it fails exactly when the attack is stopped.
int command_attempt(const std::vector<std::string>& args) {
    const std::string& attack = args[1];
    std::string result = "usage";
    if (attack == "write" && args.size() == 3) {
        int fd = open(args[2].c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        result = fd >= 0 && ::write(fd, "pwned\n", 6) == 6 ? "ok" : errno_name(errno);
        if (fd >= 0) close(fd);
    } else if (attack == "connect-tcp" && args.size() == 4) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(std::stoul(args[3])));
        inet_pton(AF_INET, args[2].c_str(), &address.sin_addr);
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        result = outcome(connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address));
        if (fd >= 0) close(fd);
    } else if (attack == "ptrace-traceme" && args.size() == 2) {
        result = outcome_in_child([] { return ptrace(PTRACE_TRACEME, 0, nullptr, nullptr); });
    } else if (attack == "mount-tmpfs" && args.size() == 3) {
        result = outcome(mount("none", args[2].c_str(), "tmpfs", 0, nullptr));
    } else if (attack == "unshare-user" && args.size() == 2) {
        result = outcome_in_child([] { return long{unshare(CLONE_NEWUSER)}; });
    }
    print("attempt", result);
    return result == "ok" ? 0 : 1;
}

int usage() {
    std::cerr
        << "usage: sandbox-probe report | syscalls | write PATH | mkdir PATH | stat PATH | "
           "cat PATH | getenv NAME | env | exit N | kill-self SIGNAL | sleep SECONDS | pause "
           "| wait-stdin | trap-term | fork-orphan | int80 NR | x32 NR | tty-inject | interfaces | "
           "loopback | connect-tcp ADDRESS PORT | connect-abstract NAME | open-rw PATH | "
           "int80-call NR [ARG...] | x32-call NR [ARG...] | int80-socketcall FAMILY TYPE | "
           "proc-exe | kill-pid PID SIGNAL | kill-all SIGNAL | attempt ATTACK [ARG...]\n";
    return 2;
}

int dispatch(const std::vector<std::string>& args) {
    if (args.empty()) return usage();
    const std::string& command = args[0];
    using NoArgument = int (*)();
    using OneArgument = int (*)(const std::string&);
    static const std::map<std::string, NoArgument> kNoArgument = {
        {"report", command_report},
        {"syscalls", command_syscalls},
        {"env", command_env},
        {"wait-stdin", command_wait_stdin},
        {"pause", command_pause},
        {"trap-term", command_trap_term},
        {"fork-orphan", command_fork_orphan},
        {"tty-inject", command_tty_inject},
        {"interfaces", command_interfaces},
        {"loopback", command_loopback},
        {"proc-exe", command_proc_exe},
    };
    static const std::map<std::string, OneArgument> kOneArgument = {
        {"write", command_write},
        {"mkdir", command_mkdir},
        {"stat", command_stat},
        {"cat", command_cat},
        {"getenv", command_getenv},
        {"sleep", command_sleep},
        {"kill-self", command_kill_self},
        {"int80", command_int80},
        {"x32", command_x32},
        {"connect-abstract", command_connect_abstract},
        {"open-rw", command_open_rw},
        {"kill-all", command_kill_all},
    };
    if (auto found = kNoArgument.find(command); found != kNoArgument.end() && args.size() == 1)
        return found->second();
    if (auto found = kOneArgument.find(command); found != kOneArgument.end() && args.size() == 2)
        return found->second(args[1]);
    if (command == "connect-tcp" && args.size() == 3) return command_connect_tcp(args[1], args[2]);
    if (command == "kill-pid" && args.size() == 3) return command_kill_pid(args[1], args[2]);
    if (command == "attempt" && args.size() >= 2) return command_attempt(args);
    if (command == "int80-socketcall" && args.size() == 3)
        return command_int80_socketcall(args[1], args[2]);
    if ((command == "int80-call" || command == "x32-call") && args.size() >= 2 &&
        args.size() <= 2 + kForeignCallArguments)
        return command == "int80-call" ? command_int80_call(args) : command_x32_call(args);
    if (command == "exit" && args.size() == 2) return std::stoi(args[1]);
    return usage();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    int status = dispatch(args);
    std::cout.flush();
    return status;
}

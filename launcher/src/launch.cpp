// The order of one launch, top to bottom: check and open everything in the launcher's process,
// clone into new namespaces, build the root, pivot, drop privileges, seccomp, exec.
#include "sandbox/launcher/launch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capabilities.hpp"
#include "mount_executor.hpp"
#include "network.hpp"
#include "prepare.hpp"
#include "process.hpp"
#include "root.hpp"
#include "sandbox/common/files.hpp"
#include "seccomp_loader.hpp"
#include "supervisor.hpp"
#include "user_namespace.hpp"

extern char** environ;

namespace sandbox::launcher {
namespace {

// Everything the child needs, computed before clone() so the child only carries it out.
struct ChildContext {
    const LaunchPlan& plan;
    const LaunchOptions& options;
    std::vector<MountStep> steps;
    uid_t outside_uid;
    gid_t outside_gid;
    uid_t uid;
    gid_t gid;
    int parent_pidfd;
    std::string old_cwd;
    sigset_t original_signal_mask;
    std::vector<char*> argv;
};

unsigned long clone_flags(const Namespaces& ns) {
    unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS;
    if (ns.pid) flags |= CLONE_NEWPID;
    if (ns.ipc) flags |= CLONE_NEWIPC;
    if (ns.uts) flags |= CLONE_NEWUTS;
    if (ns.net) flags |= CLONE_NEWNET;
    if (ns.cgroup) flags |= CLONE_NEWCGROUP;
    return flags;
}

std::vector<char*> c_strings(const std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

std::string current_dir() {
    char buffer[4096];
    return ::getcwd(buffer, sizeof buffer) != nullptr ? buffer : "/";
}

const char* find_env(const std::vector<std::string>& environment, const std::string& name) {
    for (const std::string& entry : environment)
        if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
            entry[name.size()] == '=')
            return entry.c_str() + name.size() + 1;
    return nullptr;
}

std::optional<std::string> host_terminal() {
    if (!::isatty(STDOUT_FILENO)) return std::nullopt;
    const char* name = ::ttyname(STDOUT_FILENO);
    return name != nullptr ? std::optional<std::string>(name) : std::nullopt;
}

Status check_plan(const LaunchPlan& plan) {
    if (plan.argv.empty()) return usage_error("No command specified");
    if (plan.as_pid_1 && !plan.namespaces.pid)
        return usage_error("Specifying --as-pid-1 requires --unshare-pid");
    if (plan.as_pid_1 && !plan.lock_files.empty())
        return usage_error("Specifying --as-pid-1 and --lock-file is not permitted");
    if (plan.hostname && !plan.namespaces.uts)
        return usage_error("Specifying --hostname requires --unshare-uts");
    std::vector<int> fds{plan.sync_fd, plan.block_fd, plan.info_fd, plan.json_status_fd};
    fds.insert(fds.end(), plan.held_fds.begin(), plan.held_fds.end());
    for (const ReadyGate& gate : plan.ready_gates) fds.push_back(gate.fd);
    for (int fd : fds)
        if (fd >= 0 && ::fcntl(fd, F_GETFD) < 0)
            return system_error("Invalid fd " + std::to_string(fd));
    return ok_status();
}

Result<std::vector<UniqueFd>> take_lock_files(MountExecutor& executor,
                                              const std::vector<std::string>& paths) {
    std::vector<UniqueFd> locks;
    for (const std::string& path : paths) {
        auto fd = executor.open_inside(normalize_dest(path), O_RDONLY);
        if (!fd) return fd.take_error();
        struct flock lock {};
        lock.l_type = F_RDLCK;
        lock.l_whence = SEEK_SET;
        if (::fcntl(fd->get(), F_SETLK, &lock) != 0) return system_error("Can't lock file " + path);
        locks.push_back(std::move(*fd));
    }
    return locks;
}

std::string change_directory(const ChildContext& context) {
    std::string cwd = "/";
    if (context.plan.cwd) {
        cwd = *context.plan.cwd;
    } else if (::chdir(context.old_cwd.c_str()) == 0) {
        cwd = context.old_cwd;
    } else if (const char* home = find_env(context.plan.environment, "HOME");
               home != nullptr && ::chdir(home) == 0) {
        cwd = home;
    }
    if (::chdir(cwd.c_str()) != 0) {
        std::fprintf(stderr, "%s: Can't chdir to %s\n", context.options.program_name.c_str(),
                     cwd.c_str());
        ::_exit(1);
    }
    return cwd;
}

[[noreturn]] void fail(const ChildContext& context, const Error& error) {
    std::fprintf(stderr, "%s%s: %s\n", context.plan.level_prefix ? "<3>" : "",
                 context.options.program_name.c_str(), error.message().c_str());
    ::_exit(1);
}

// Setup in the new namespaces, up to and including pivot_root and the privilege drop. Returns the
// lock fds pid 1 holds.
Result<std::vector<UniqueFd>> build_sandbox(ChildContext& context) {
    const LaunchPlan& plan = context.plan;
    if (plan.die_with_parent) SANDBOX_TRY(die_with_parent(context.parent_pidfd));
    auto proc = open_path(AT_FDCWD, "/proc", O_PATH | O_DIRECTORY);
    if (!proc) return proc.take_error();
    // Root in the first namespace: devpts refuses to mount when root is not mapped.
    SANDBOX_TRY(write_id_maps(proc->get(), 0, context.outside_uid, 0, context.outside_gid));
    if (plan.namespaces.net) SANDBOX_TRY(bring_up_loopback());
    SANDBOX_TRY(make_mounts_slave());
    std::vector<UniqueFd> sources;
    SANDBOX_TRY(reopen_sources_here(context.steps, sources));
    auto root = create_new_root();
    if (!root) return root.take_error();

    const mode_t old_umask = ::umask(0);
    MountExecutor executor(*root);
    for (const MountStep& step : context.steps) SANDBOX_TRY(executor.run(step));
    auto locks = take_lock_files(executor, plan.lock_files);
    if (!locks) return locks.take_error();
    ::umask(old_umask);

    if (plan.disable_userns) SANDBOX_TRY(limit_user_namespaces(proc->get()));
    SANDBOX_TRY(enter_new_root(root->root.get()));
    *root = NewRoot{};
    sources.clear();
    if (plan.hostname && ::sethostname(plan.hostname->c_str(), plan.hostname->size()) != 0)
        return system_error("Can't set hostname to " + *plan.hostname);
    if (context.uid != 0 || context.gid != 0 || plan.disable_userns) {
        SANDBOX_TRY(enter_nested_user_namespace(proc->get(), context.uid, context.gid));
        if (plan.die_with_parent) SANDBOX_TRY(die_with_parent(context.parent_pidfd));
    }
    if (plan.disable_userns || plan.assert_userns_disabled)
        SANDBOX_TRY(check_user_namespaces_disabled());
    SANDBOX_TRY(drop_capabilities(plan.keep_capabilities));
    return locks;
}

void close_for_app(const ChildContext& context) {
    const LaunchPlan& plan = context.plan;
    if (plan.fd_policy == FdPolicy::InheritAll) {
        for (int fd : plan.consumed_fds) ::close(fd);
        if (plan.sync_fd >= 0 && !plan.as_pid_1) ::close(plan.sync_fd);
        if (!plan.as_pid_1)
            for (int fd : plan.held_fds) ::close(fd);
        ::close(context.parent_pidfd);
        return;  // the launcher's own fds are close-on-exec
    }
    std::vector<int> keep = plan.keep_fds;
    if (plan.as_pid_1 && plan.sync_fd >= 0) keep.push_back(plan.sync_fd);
    if (plan.as_pid_1) keep.insert(keep.end(), plan.held_fds.begin(), plan.held_fds.end());
    std::erase_if(keep, [&](int fd) {
        return std::find(plan.consumed_fds.begin(), plan.consumed_fds.end(), fd) !=
               plan.consumed_fds.end();
    });
    close_fds_except(keep);
}

std::vector<std::string> app_environment(const LaunchPlan& plan, const std::string& cwd) {
    std::vector<std::string> environment;
    for (const std::string& entry : plan.environment)
        if (entry.rfind("PWD=", 0) != 0) environment.push_back(entry);
    environment.push_back("PWD=" + cwd);
    return environment;
}

[[noreturn]] void exec_app(const ChildContext& context, const std::string& cwd) {
    const LaunchPlan& plan = context.plan;
    const std::vector<std::string> environment = app_environment(plan, cwd);
    std::vector<char*> envp = c_strings(environment);
    close_for_app(context);
    if (plan.new_session && ::setsid() < 0) fail(context, system_error("setsid"));
    if (plan.die_with_parent && ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fail(context, system_error("prctl(PR_SET_PDEATHSIG)"));
    ::sigprocmask(SIG_SETMASK, &context.original_signal_mask, nullptr);
    if (auto loaded = load_seccomp_programs(plan.seccomp); !loaded) fail(context, loaded.error());
    environ = envp.data();
    const char* file = plan.argv.front().c_str();
    std::vector<char*> argv = context.argv;
    if (plan.argv0) argv[0] = const_cast<char*>(plan.argv0->c_str());
    ::execvp(file, argv.data());
    fail(context, system_error("execvp " + plan.argv.front()));
}

[[noreturn]] void run_init(const ChildContext& context, pid_t app, std::vector<UniqueFd>& locks) {
    // Pid 1 is a fork of the launcher: its memory holds the caller's whole environment (from
    // before --unsetenv/--clearenv) and its /proc/1/exe is the launcher. Not dumpable, the app
    // (same uid, no capabilities) can read neither /proc/1/environ nor /proc/1/mem nor follow
    // /proc/1/exe or /proc/1/root; the host, owner of the user namespace, still can.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        fail(context, system_error("prctl(PR_SET_DUMPABLE)"));
    std::vector<int> keep;
    for (const UniqueFd& lock : locks) keep.push_back(lock.get());
    if (context.plan.sync_fd >= 0) keep.push_back(context.plan.sync_fd);
    keep.insert(keep.end(), context.plan.held_fds.begin(), context.plan.held_fds.end());
    close_fds_except(keep);
    if (auto loaded = load_seccomp_programs(context.plan.seccomp); !loaded)
        fail(context, loaded.error());
    ::_exit(reap_as_init(app));
}

void wait_for_ready_byte(const ChildContext& context, const ReadyGate& gate) {
    pollfd ready{gate.fd, POLLIN, 0};
    const int timeout_ms = gate.timeout.count() > 0 ? static_cast<int>(gate.timeout.count()) : -1;
    int polled = 0;
    while ((polled = ::poll(&ready, 1, timeout_ms)) < 0 && errno == EINTR) {
    }
    char byte = 0;
    ssize_t got = 0;
    if (polled > 0)
        while ((got = ::read(gate.fd, &byte, 1)) < 0 && errno == EINTR) {
        }
    ::close(gate.fd);
    if (polled == 0)
        fail(context, usage_error(gate.failure + " (nothing within " +
                                  std::to_string(gate.timeout.count()) + " ms)"));
    if (got != 1) fail(context, usage_error(gate.failure));
}

[[noreturn]] void child_main(ChildContext& context) {
    auto locks = build_sandbox(context);
    if (!locks) fail(context, locks.error());
    const LaunchPlan& plan = context.plan;
    if (plan.block_fd >= 0) {
        char byte;
        while (::read(plan.block_fd, &byte, 1) < 0 && errno == EINTR) {
        }
        ::close(plan.block_fd);
    }
    for (const ReadyGate& gate : plan.ready_gates) wait_for_ready_byte(context, gate);
    const std::string cwd = change_directory(context);
    const bool needs_init = !plan.as_pid_1 && (plan.namespaces.pid || !locks->empty() ||
                                               plan.sync_fd >= 0 || !plan.held_fds.empty());
    if (!needs_init) exec_app(context, cwd);
    pid_t app = ::fork();
    if (app < 0) fail(context, system_error("Can't fork for pid 1"));
    if (app == 0) {
        locks->clear();
        exec_app(context, cwd);
    }
    run_init(context, app, *locks);
}

}  // namespace

Result<int> launch(const LaunchPlan& plan, const LaunchOptions& options) {
    SANDBOX_TRY(check_plan(plan));
    auto prepared = prepare_mounts(plan_mount_steps(plan.mounts, host_terminal()));
    if (!prepared) return prepared.take_error();

    UniqueFd parent_pidfd(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
    if (!parent_pidfd) return system_error("pidfd_open failed");
    ::fcntl(parent_pidfd.get(), F_SETFD, FD_CLOEXEC);

    ChildContext context{plan,
                         options,
                         std::move(prepared->steps),
                         ::getuid(),
                         ::getgid(),
                         plan.uid.value_or(::getuid()),
                         plan.gid.value_or(::getgid()),
                         parent_pidfd.get(),
                         current_dir(),
                         {},
                         c_strings(plan.argv)};

    const pid_t launcher_parent = ::getppid();
    sigset_t forwarded = forwarded_signals();
    ::sigprocmask(SIG_BLOCK, &forwarded, &context.original_signal_mask);
    const long child = ::syscall(SYS_clone, clone_flags(plan.namespaces) | SIGCHLD, nullptr,
                                 nullptr, nullptr, nullptr);
    if (child < 0) {
        const int error = errno;
        ::sigprocmask(SIG_SETMASK, &context.original_signal_mask, nullptr);
        if (error == ENOSPC)
            return usage_error(
                "Creating new namespace failed: nesting depth or "
                "/proc/sys/user/max_*_namespaces exceeded (ENOSPC)");
        return system_error("Creating new namespace failed", error);
    }
    if (child == 0) child_main(context);

    // The launcher dies with its parent too; its child then dies with it (PDEATHSIG above).
    if (plan.die_with_parent &&
        (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || ::getppid() != launcher_parent)) {
        ::kill(static_cast<pid_t>(child), SIGKILL);
        ::_exit(1);
    }
    prepared->opened.clear();
    for (int fd : plan.consumed_fds)
        if (fd != plan.json_status_fd && fd != plan.info_fd) ::close(fd);
    const int status = supervise(static_cast<pid_t>(child), plan);
    ::sigprocmask(SIG_SETMASK, &context.original_signal_mask, nullptr);
    return status;
}

}  // namespace sandbox::launcher

#include "sandbox/run/enter_instance.hpp"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "namespace_join.hpp"
#include "privileges.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/instances/signal.hpp"
#include "sandbox/launcher/seccomp_policy.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/run/plan_builder.hpp"

extern char** environ;

namespace sandbox::run {
namespace {

constexpr std::size_t kMaxEnvironmentSize = 1 << 20;

// The app: the first child of the sandbox's pid 1.
pid_t app_process(pid_t sandbox_init) {
    const std::string pid = std::to_string(sandbox_init);
    std::ifstream children("/proc/" + pid + "/task/" + pid + "/children");
    pid_t app = 0;
    return children >> app ? app : sandbox_init;
}

Result<std::vector<std::string>> process_environment(pid_t pid) {
    auto fd = open_path(AT_FDCWD, "/proc/" + std::to_string(pid) + "/environ", O_RDONLY);
    if (!fd) return system_error("Can't read the sandbox's environment", fd.error().code);
    auto data = read_all(fd->get());
    if (!data || data->size() > kMaxEnvironmentSize)
        return usage_error("Can't read the sandbox's environment");
    std::vector<std::string> entries;
    std::istringstream stream(*data);
    for (std::string entry; std::getline(stream, entry, '\0');)
        if (!entry.empty()) entries.push_back(entry);
    return entries;
}

// The app's working directory as the sandbox sees it ("/" if it cannot be read).
std::string process_cwd(pid_t pid) {
    char path[4096];
    const std::string link = "/proc/" + std::to_string(pid) + "/cwd";
    const ssize_t length = ::readlink(link.c_str(), path, sizeof path - 1);
    return length > 0 ? std::string(path, static_cast<std::size_t>(length)) : "/";
}

Result<std::vector<launcher::SeccompProgram>> instance_seccomp(
    const instances::InstanceRecord& instance) {
    auto keyfile = permissions::parse_keyfile(instance.info, "instance info");
    if (!keyfile) return keyfile.take_error();
    permissions::Warnings ignored;
    auto context = permissions::context_from_keyfile(keyfile->get(), "instance info", ignored);
    if (!context) return context.take_error();
    const bool devel = g_key_file_get_boolean(keyfile->get(), "Instance", "devel", nullptr);
    return launcher::default_seccomp_programs(seccomp_options(*context, devel));
}

[[noreturn]] void exec_command(const std::vector<std::string>& argv,
                               const std::vector<std::string>& environment,
                               const std::vector<launcher::SeccompProgram>& seccomp) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    // Only 0-2 enter the sandbox, as with its app: nothing of ours may reach inside.
    ::syscall(SYS_close_range, 3U, ~0U, 0U);
    std::vector<char*> args, envp;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    for (const std::string& entry : environment) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    for (const launcher::SeccompProgram& filter : seccomp) {
        sock_fprog program{static_cast<unsigned short>(filter.size()),
                           const_cast<sock_filter*>(filter.data())};
        if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) != 0) {
            std::perror("sandbox: Can't load the seccomp policy");
            ::_exit(1);
        }
    }
    environ = envp.data();
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "sandbox: Can't run %s: %m\n", args[0]);
    ::_exit(127);
}

Result<int> run_inside(const std::vector<std::string>& argv,
                       const std::vector<std::string>& environment,
                       const std::vector<launcher::SeccompProgram>& seccomp) {
    const pid_t child = ::fork();
    if (child < 0) return system_error("Can't fork");
    if (child == 0) exec_command(argv, environment, seccomp);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return system_error("Can't wait for the command");
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

// Until the command is exec'd, nothing in the sandbox may ptrace us (with --devel it could): we
// hold the sandbox's namespaces and, in between, capabilities in them. The namespace fds are
// closed once joined; exec makes the command dumpable again.
Status join_sandbox(pid_t sandbox_init) {
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) return system_error("Can't make us undumpable");
    auto namespaces = open_sandbox_namespaces(sandbox_init);
    if (!namespaces) return namespaces.take_error();
    return join_sandbox_namespaces(*namespaces);
}

}  // namespace

Result<int> enter_instance(const instances::InstanceRecord& instance,
                           const std::vector<std::string>& argv) {
    if (argv.empty()) return usage_error("No command to run in instance " + instance.id);
    if (instance.child_pid <= 0 || instances::parent_of(instance.child_pid) != instance.pid)
        return usage_error("Instance " + instance.id + " is not running a sandbox");
    const pid_t app = app_process(instance.child_pid);
    auto environment = process_environment(app);
    if (!environment) return environment.take_error();
    const std::string directory = process_cwd(app);
    auto seccomp = instance_seccomp(instance);
    if (!seccomp) return seccomp.take_error();
    // The app's namespaces are its pid 1's, and the app is dumpable where pid 1 is not (the
    // launcher makes it so: its memory holds the caller's environment).
    SANDBOX_TRY(join_sandbox(app));
    if (::chdir(directory.c_str()) != 0 && ::chdir("/") != 0)
        return system_error("Can't change to / in the sandbox");
    SANDBOX_TRY(drop_all_privileges());
    return run_inside(argv, *environment, *seccomp);
}

}  // namespace sandbox::run

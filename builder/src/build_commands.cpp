#include "build_commands.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <vector>

#include "sandbox/store/text.hpp"

extern char** environ;

namespace sandbox::builder {
namespace {

std::vector<std::string> launch_arguments(const BuildSandbox& sandbox, const Module& module,
                                          const std::filesystem::path& module_dir,
                                          const std::string& command) {
    std::string build_dir = "/run/build/" + module.name;
    // A manifest's build commands are as untrusted as an app: the apps' seccomp policy (no
    // TIOCSTI into the terminal running the build, no user namespaces), a session of their own,
    // no nested sandboxes.
    return {sandbox.launcher.string(),
            "--unshare-all",
            "--die-with-parent",
            "--seccomp-default",
            "--new-session",
            "--disable-userns",
            "--clearenv",
            "--ro-bind",
            sandbox.sdk_files.string(),
            "/usr",
            "--symlink",
            "usr/bin",
            "/bin",
            "--symlink",
            "usr/sbin",
            "/sbin",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--tmpfs",
            "/tmp",
            "--bind",
            sandbox.app_files.string(),
            "/app",
            "--bind",
            module_dir.string(),
            build_dir,
            "--chdir",
            build_dir,
            "--setenv",
            "PATH",
            "/app/bin:/usr/bin",
            "--setenv",
            "HOME",
            "/tmp",
            "--setenv",
            "FLATPAK_ID",
            sandbox.app_id,
            "--setenv",
            "FLATPAK_DEST",
            "/app",
            "--",
            "/bin/sh",
            "-c",
            command};
}

Result<int> run_and_wait(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    int error = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    if (error != 0) return system_error("Can't run " + args[0], error);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return system_error("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Status run_build_commands(const BuildSandbox& sandbox, const Module& module,
                          const std::filesystem::path& module_dir) {
    for (const std::string& command : module.build_commands) {
        auto status = run_and_wait(launch_arguments(sandbox, module, module_dir, command));
        if (!status) return status.take_error();
        if (*status != 0)
            return usage_error("Module " + module.name + ": build command '" +
                               store::printable(command) + "' failed with status " +
                               std::to_string(*status));
    }
    return ok_status();
}

}  // namespace sandbox::builder

#include "private_session_bus.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "sandbox/common/fd.hpp"

extern char** environ;

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAccessibilityLauncher = "/usr/libexec/at-spi-bus-launcher";

// The policy of Debian's session.conf, without its service directories: only what we list here
// can be activated.
std::string bus_config(const fs::path& socket, const fs::path& service_dir) {
    std::string config =
        "<busconfig><type>session</type><keep_umask/>"
        "<listen>unix:path=" +
        socket.string() +
        "</listen><auth>EXTERNAL</auth>"
        "<policy context='default'><allow send_destination='*' eavesdrop='true'/>"
        "<allow eavesdrop='true'/><allow own='*'/></policy>";
    if (!service_dir.empty()) config += "<servicedir>" + service_dir.string() + "</servicedir>";
    return config + "</busconfig>\n";
}

Status write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (!out) return system_error("Can't write " + path.string());
    return ok_status();
}

// org.a11y.Bus as at-spi2-core declares it, minus its systemd unit (no systemd here).
Result<fs::path> accessibility_service_dir(const fs::path& dir) {
    if (::access(kAccessibilityLauncher, X_OK) != 0)
        return usage_error(
            std::string(kAccessibilityLauncher) +
            " is missing: install at-spi2-core, or leave out the accessibility case");
    const fs::path services = dir / "session-services";
    std::error_code error;
    fs::create_directories(services, error);
    if (error) return system_error("Can't create " + services.string(), error.value());
    SANDBOX_TRY(write_file(
        services / "org.a11y.Bus.service",
        std::string("[D-BUS Service]\nName=org.a11y.Bus\nExec=") + kAccessibilityLauncher + "\n"));
    return services;
}

void stop(pid_t pid) {
    ::kill(pid, SIGTERM);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
}

// The first line dbus-daemon prints on `fd`: its address.
Result<std::string> read_address(int fd) {
    std::string text;
    char buffer[256];
    while (text.find('\n') == std::string::npos) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return usage_error("dbus-daemon exited without printing its address");
        text.append(buffer, static_cast<std::size_t>(got));
    }
    return text.substr(0, text.find('\n'));
}

Result<pid_t> spawn_daemon(const fs::path& config, int stdout_fd) {
    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
    const std::string config_argument = "--config-file=" + config.string();
    const char* argv[] = {"dbus-daemon", config_argument.c_str(), "--nofork", "--print-address=1",
                          nullptr};
    pid_t pid = 0;
    const int error =
        ::posix_spawnp(&pid, argv[0], &actions, nullptr, const_cast<char**>(argv), environ);
    ::posix_spawn_file_actions_destroy(&actions);
    if (error != 0) return system_error("Can't run dbus-daemon (apt install dbus-daemon)", error);
    return pid;
}

}  // namespace

Result<PrivateSessionBus> PrivateSessionBus::start(const fs::path& dir, bool accessibility) {
    fs::path service_dir;
    if (accessibility) {
        auto services = accessibility_service_dir(dir);
        if (!services) return services.take_error();
        service_dir = *services;
    }
    const fs::path config = dir / "session-bus.conf";
    SANDBOX_TRY(write_file(config, bus_config(dir / "session-bus", service_dir)));
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return system_error("Can't create a pipe");
    UniqueFd read_end(pipe_fds[0]);
    UniqueFd write_end(pipe_fds[1]);
    auto pid = spawn_daemon(config, write_end.get());
    if (!pid) return pid.take_error();
    write_end.reset();
    auto address = read_address(read_end.get());
    if (!address) {
        stop(*pid);
        return address.take_error();
    }
    return PrivateSessionBus(*pid, std::move(*address));
}

PrivateSessionBus::PrivateSessionBus(PrivateSessionBus&& other) noexcept
    : pid_(other.pid_), address_(std::move(other.address_)) {
    other.pid_ = -1;
}

PrivateSessionBus::~PrivateSessionBus() {
    if (pid_ > 0) stop(pid_);
}

}  // namespace sandbox::bench

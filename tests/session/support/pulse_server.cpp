#include "session/support/pulse_server.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);

bool accepts_connection(const fs::path& path) {
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (!fd || path.string().size() >= sizeof address.sun_path) return false;
    std::strcpy(address.sun_path, path.c_str());
    return ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

bool has_exited(const ChildProcess& process) {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(process.pid()), &info, WEXITED | WNOHANG | WNOWAIT) !=
               0 ||
           info.si_pid != 0;
}

// -n: no default.pa; the user's and system's configuration unread (private HOME and
// XDG_CONFIG_HOME); no realtime or high priority (they ask rtkit on the system bus); no D-Bus.
std::vector<std::string> daemon_command(const fs::path& socket, const fs::path& log) {
    return {"/usr/bin/pulseaudio",
            "-n",
            "--daemonize=no",
            "--system=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--high-priority=no",
            "--realtime=no",
            "--disable-shm=no",
            "--log-level=debug",
            "--log-target=file:" + log.string(),
            "-L",
            "module-native-protocol-unix socket=" + socket.string(),
            "-L",
            std::string("module-null-sink sink_name=") + kNullSink};
}

std::vector<std::string> daemon_environment(const fs::path& state_dir) {
    return {"PATH=/usr/bin:/bin",
            "LANG=C",
            "HOME=" + (state_dir / "home").string(),
            "XDG_CONFIG_HOME=" + (state_dir / "config").string(),
            "XDG_RUNTIME_DIR=" + (state_dir / "runtime").string(),
            "PULSE_RUNTIME_PATH=" + (state_dir / "runtime").string(),
            "PULSE_STATE_PATH=" + (state_dir / "state").string(),
            "DBUS_SESSION_BUS_ADDRESS=disabled:"};
}

}  // namespace

bool wait_until_listening(const fs::path& path, ChildProcess& server,
                          std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (accepts_connection(path)) return true;
        if (has_exited(server)) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

PulseServer::PulseServer(fs::path socket, fs::path state_dir)
    : socket_(std::move(socket)), state_dir_(std::move(state_dir)) {
    for (const char* dir : {"home", "config", "runtime", "state"})
        fs::create_directories(state_dir_ / dir);
    fs::create_directories(socket_.parent_path());
    CommandOptions options;
    options.environment = daemon_environment(state_dir_);
    daemon_ = std::make_unique<ChildProcess>(daemon_command(socket_, state_dir_ / "log"), options);
    if (!wait_until_listening(socket_, *daemon_, kStartTimeout)) {
        const CommandResult result = daemon_->finish(kStopTimeout);
        throw std::runtime_error("pulseaudio did not listen on " + socket_.string() +
                                 "; it said: " + result.err + log());
    }
}

PulseServer::~PulseServer() {
    daemon_->signal(SIGTERM);
    daemon_->finish(kStopTimeout);
    std::error_code ignored;
    fs::remove(socket_, ignored);
    remove_tree(state_dir_);
}

std::unique_ptr<PulseServer> PulseServer::start(const fs::path& socket, const fs::path& state_dir) {
    return std::unique_ptr<PulseServer>(new PulseServer(socket, state_dir));
}

std::string PulseServer::log() const {
    std::error_code error;
    if (!fs::exists(state_dir_ / "log", error)) return {};
    return read_file(state_dir_ / "log");
}

}  // namespace sandbox::test

#include "session/support/weston_server.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "support/files.hpp"

namespace sandbox::test {
namespace {

constexpr auto kStartTimeout = 30s;
constexpr auto kStopTimeout = 10s;

bool is_unix_socket(const std::filesystem::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

// Running, and not a zombie waiting to be reaped.
bool is_running(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const std::size_t end = line.rfind(')');
    return end != std::string::npos && end + 2 < line.size() && line[end + 2] != 'Z';
}

}  // namespace

WestonServer::WestonServer(const std::filesystem::path& runtime_dir,
                           const std::filesystem::path& log_dir, std::string socket_name,
                           const std::string& x11_display, const std::filesystem::path& xauthority)
    : runtime_dir_(runtime_dir),
      log_(log_dir / "weston.log"),
      socket_name_(std::move(socket_name)) {
    CommandOptions options;
    options.environment =
        std::vector<std::string>{"XDG_RUNTIME_DIR=" + runtime_dir_.string(), "PATH=/usr/bin:/bin"};
    std::string backend = "--backend=headless-backend.so";
    if (!x11_display.empty()) {
        backend = "--backend=x11-backend.so";
        options.environment->push_back("DISPLAY=" + x11_display);
        options.environment->push_back("XAUTHORITY=" + xauthority.string());
    }
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"weston", backend, "--socket=" + socket_name_,
                                 "--shell=kiosk-shell.so", "--no-config", "--idle-time=0",
                                 "--log=" + log_.string()},
        options);
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!is_unix_socket(socket_path()) && is_running(process_->pid()) &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    ready_ = is_unix_socket(socket_path()) && is_running(process_->pid());
    if (!ready_)
        ADD_FAILURE() << "weston did not come up on " << socket_path() << "; its log:\n"
                      << read_file(log_);
}

WestonServer::~WestonServer() {
    process_->signal(SIGTERM);
    CommandResult result = process_->finish(kStopTimeout);
    if (result.timed_out) ADD_FAILURE() << "weston did not stop on SIGTERM";
    // weston removes both itself; after a SIGKILL they are left.
    std::filesystem::remove(socket_path());
    std::filesystem::remove(runtime_dir_ / (socket_name_ + ".lock"));
}

}  // namespace sandbox::test

#include "session/support/pipewire_server.hpp"

#include <csignal>
#include <stdexcept>

#include "session/support/pulse_server.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);

// core.daemon makes the native protocol listen on core.name in the runtime dir.
constexpr const char* kConfig = R"(context.properties = {
  core.daemon = true
  core.name = pipewire-0
  support.dbus = false
}
context.spa-libs = { support.* = support/libspa-support }
context.modules = [
  { name = libpipewire-module-protocol-native }
  { name = libpipewire-module-access }
]
)";

std::vector<std::string> daemon_environment(const fs::path& dir) {
    return {"PATH=/usr/bin:/bin",
            "LANG=C",
            "HOME=" + (dir / "home").string(),
            "XDG_CONFIG_HOME=" + (dir / "config").string(),
            "XDG_RUNTIME_DIR=" + dir.string(),
            "DBUS_SESSION_BUS_ADDRESS=disabled:"};
}

}  // namespace

PipewireServer::PipewireServer(fs::path dir) : dir_(std::move(dir)) {
    fs::create_directories(dir_ / "home");
    fs::create_directories(dir_ / "config");
    write_file(dir_ / "pipewire-test.conf", kConfig);
    CommandOptions options;
    options.environment = daemon_environment(dir_);
    daemon_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/pipewire", "-c", (dir_ / "pipewire-test.conf").string()},
        options);
    if (!wait_until_listening(socket(), *daemon_, kStartTimeout)) {
        const CommandResult result = daemon_->finish(kStopTimeout);
        throw std::runtime_error("pipewire did not listen on " + socket().string() +
                                 "; it said: " + result.err);
    }
}

PipewireServer::~PipewireServer() {
    daemon_->signal(SIGTERM);
    daemon_->finish(kStopTimeout);
    std::error_code ignored;
    for (const char* name : {"pipewire-0", "pipewire-0.lock", "pipewire-test.conf"})
        fs::remove(dir_ / name, ignored);
    remove_tree(dir_ / "home");
    remove_tree(dir_ / "config");
}

std::unique_ptr<PipewireServer> PipewireServer::start(const fs::path& dir) {
    return std::unique_ptr<PipewireServer>(new PipewireServer(dir));
}

}  // namespace sandbox::test

// Starting the proxy, top to bottom: check the config and every bus, write the proxy's arguments
// and /.flatpak-info into memfds, fork a process that launches the proxy's sandbox, and wait for
// the proxy's byte on the sync pipe.
#include "sandbox/dbus_proxy/bus_proxy.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "proxy_child.hpp"
#include "proxy_program.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/common/forked_child.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"
#include "sandbox/dbus_proxy/proxy_arguments.hpp"
#include "sandbox/dbus_proxy/proxy_sandbox.hpp"
#include "sandbox/dbus_proxy/reachability.hpp"
#include "sandbox/dbus_proxy/validation.hpp"
#include "sandbox/launcher/seccomp_policy.hpp"

namespace sandbox::dbus_proxy {

struct BusProxy::State {
    ForkedChild child;
    UniqueFd sync_read;
    std::string socket_dir;
    std::vector<std::pair<Bus, std::string>> sockets;  // the host path of each bus' socket
    std::string program;                               // as the config named it, for messages
    std::chrono::milliseconds ready_timeout;
    bool ready = false;
};

namespace {

constexpr auto kStopGrace = std::chrono::seconds(2);
constexpr auto kReapAfterEarlyExit = std::chrono::seconds(5);

std::string socket_file_name(Bus bus) {
    switch (bus) {
        case Bus::Session:
            return "session-bus";
        case Bus::System:
            return "system-bus";
        case Bus::Accessibility:
            return "a11y-bus";
    }
    return "bus";
}

Status check_config(const BusProxyConfig& config) {
    if (config.buses.empty()) return usage_error("No bus for the D-Bus proxy to serve");
    std::set<Bus> seen;
    for (const ProxiedBus& bus : config.buses) {
        if (!seen.insert(bus.bus).second)
            return usage_error("The " + std::string(bus_name(bus.bus)) +
                               " bus is given twice to the D-Bus proxy");
        SANDBOX_TRY(check_policy(bus.policy));
    }
    if (!config.socket_dir.starts_with('/') || config.socket_dir.find('\0') != std::string::npos)
        return usage_error("D-Bus proxy socket directory " + in_quotes(config.socket_dir) +
                           " is not an absolute path");
    if (config.flatpak_info.empty())
        return usage_error("The D-Bus proxy needs the app's /.flatpak-info");
    return ok_status();
}

struct PreparedBuses {
    std::vector<ProxyEndpoint> endpoints;
    std::vector<std::string> bus_sockets;  // the real buses' sockets, to bind for the proxy
    bool needs_host_network = false;
};

Result<PreparedBuses> prepare_buses(const BusProxyConfig& config) {
    PreparedBuses prepared;
    for (const ProxiedBus& bus : config.buses) {
        auto address = parse_bus_address(bus.address);
        if (!address) return address.take_error();
        SANDBOX_TRY(check_bus_reachable(bus_name(bus.bus), bus.address, *address));
        prepared.endpoints.push_back({bus.address,
                                      config.socket_dir + "/" + socket_file_name(bus.bus),
                                      bus.policy, bus.log});
        prepared.bus_sockets.insert(prepared.bus_sockets.end(), address->socket_paths.begin(),
                                    address->socket_paths.end());
        prepared.needs_host_network = prepared.needs_host_network || address->needs_host_network();
    }
    return prepared;
}

Status make_socket_dir(const std::string& path) {
    if (::mkdir(path.c_str(), 0700) == 0) return ok_status();
    struct stat st {};
    if (errno == EEXIST && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return ok_status();
    return system_error("Can't make the D-Bus proxy socket directory " + path);
}

Result<UniqueFd> memfd_with(const char* name, std::string_view content) {
    UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
    if (!fd) return system_error(std::string("memfd_create ") + name);
    SANDBOX_TRY(write_all(fd.get(), content));
    if (::lseek(fd.get(), 0, SEEK_SET) != 0) return system_error(std::string("lseek ") + name);
    return fd;
}

struct SyncPipe {
    UniqueFd read;
    UniqueFd write;
};

Result<SyncPipe> make_sync_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return system_error("Can't make the D-Bus proxy's sync pipe");
    return SyncPipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// What the proxy's process is handed: the sync pipe's write end (--fd), its arguments (--args) and
// the /.flatpak-info text, the last two as memfds.
struct ProxyInputs {
    SyncPipe sync;
    UniqueFd args;
    UniqueFd info;
};

Result<ProxyInputs> make_proxy_inputs(const PreparedBuses& buses, const BusProxyConfig& config) {
    auto sync = make_sync_pipe();
    if (!sync) return sync.take_error();
    auto arguments = proxy_process_arguments(sync->write.get(), buses.endpoints);
    if (!arguments) return arguments.take_error();
    auto args = memfd_with("dbus-proxy-args", args_file_content(*arguments));
    if (!args) return args.take_error();
    auto info = memfd_with("flatpak-info", config.flatpak_info);
    if (!info) return info.take_error();
    return ProxyInputs{std::move(*sync), std::move(*args), std::move(*info)};
}

Result<launcher::LaunchPlan> make_plan(const std::string& program, const PreparedBuses& buses,
                                       const BusProxyConfig& config, const ProxyInputs& inputs) {
    // The proxy parses what every sandboxed client sends: it gets the apps' seccomp policy too.
    auto seccomp = launcher::default_seccomp_programs({});
    if (!seccomp) return seccomp.take_error();
    return proxy_sandbox_plan({
        .program = program,
        .socket_dir = config.socket_dir,
        .bus_sockets = buses.bus_sockets,
        .share_network = buses.needs_host_network,
        .root_links = host_root_links(),
        .info_fd = inputs.info.get(),
        .args_fd = inputs.args.get(),
        .sync_fd = inputs.sync.write.get(),
        .seccomp = std::move(*seccomp),
    });
}

// The proxy writes one byte once all its sockets listen. End of file means it (and the process
// running its sandbox, which holds the write end too) exited first.
Status wait_until_listening(int sync_read, ForkedChild& child, const std::string& program,
                            std::chrono::milliseconds timeout) {
    pollfd ready{sync_read, POLLIN, 0};
    int polled;
    while ((polled = ::poll(&ready, 1, static_cast<int>(timeout.count()))) < 0 && errno == EINTR) {
    }
    char byte = 0;
    const ssize_t got = polled > 0 ? ::read(sync_read, &byte, 1) : -1;
    if (got == 1) return ok_status();
    if (polled <= 0) {
        child.kill_and_reap();
        return usage_error(program + " did not start listening within " +
                           std::to_string(timeout.count()) + " ms");
    }
    child.wait(kReapAfterEarlyExit);
    return usage_error(program + " exited with status " + std::to_string(child.status()) +
                       " before it was listening");
}

}  // namespace

Result<BusProxy> BusProxy::start(const BusProxyConfig& config) {
    auto proxy = spawn(config);
    if (!proxy) return proxy;
    SANDBOX_TRY(proxy->wait_until_ready());
    return proxy;
}

Result<BusProxy> BusProxy::spawn(const BusProxyConfig& config) {
    SANDBOX_TRY(check_config(config));
    auto program = find_proxy_program(config.program);
    if (!program) return program.take_error();
    auto buses = prepare_buses(config);
    if (!buses) return buses.take_error();
    SANDBOX_TRY(make_socket_dir(config.socket_dir));
    auto inputs = make_proxy_inputs(*buses, config);
    if (!inputs) return inputs.take_error();
    auto plan = make_plan(*program, *buses, config, *inputs);
    if (!plan) return plan.take_error();

    auto child = ForkedChild::start([&plan] { return run_proxy_sandbox(*plan); });
    if (!child) return child.take_error();
    inputs->sync.write.reset();  // else our copy would hide the proxy's early exit
    auto state = std::make_unique<State>(State{std::move(*child),
                                               std::move(inputs->sync.read),
                                               config.socket_dir,
                                               {},
                                               config.program,
                                               config.ready_timeout,
                                               false});
    for (std::size_t i = 0; i < config.buses.size(); ++i)
        state->sockets.emplace_back(config.buses[i].bus, buses->endpoints[i].socket_path);
    return BusProxy(std::move(state));
}

Status BusProxy::wait_until_ready() {
    if (!state_) return usage_error("The D-Bus proxy was stopped");
    if (state_->ready) return ok_status();
    SANDBOX_TRY(wait_until_listening(state_->sync_read.get(), state_->child, state_->program,
                                     state_->ready_timeout));
    state_->ready = true;
    return ok_status();
}

BusProxy::BusProxy(std::unique_ptr<State> state) : state_(std::move(state)) {}
BusProxy::BusProxy(BusProxy&&) noexcept = default;
BusProxy& BusProxy::operator=(BusProxy&& other) noexcept {
    if (this != &other) {
        stop();
        state_ = std::move(other.state_);
    }
    return *this;
}
BusProxy::~BusProxy() {
    stop();
}

int BusProxy::sync_fd() const {
    return state_ ? state_->sync_read.get() : -1;
}

UniqueFd BusProxy::release_sync_fd() {
    return state_ ? std::move(state_->sync_read) : UniqueFd();
}

std::string BusProxy::socket_path(Bus bus) const {
    if (state_)
        for (const auto& [served, path] : state_->sockets)
            if (served == bus) return path;
    return {};
}

AppBusView BusProxy::app_view(uid_t uid) const {
    if (!state_) return {};
    std::vector<std::pair<Bus, std::string>> names;
    for (const auto& [bus, path] : state_->sockets)
        names.emplace_back(bus, std::filesystem::path(path).filename().string());
    return app_bus_view(state_->socket_dir, names, uid);
}

Result<UniqueFd> BusProxy::ready_fd() const {
    if (!state_) return usage_error("The D-Bus proxy was stopped");
    UniqueFd copy(::fcntl(state_->sync_read.get(), F_DUPFD_CLOEXEC, 3));
    if (!copy) return system_error("Can't duplicate the D-Bus proxy's sync fd");
    return copy;
}

std::string BusProxy::not_ready_message() const {
    const std::string program = state_ ? state_->program : "xdg-dbus-proxy";
    return program + " ended before it was listening (its message, if any, is above)";
}

std::chrono::milliseconds BusProxy::ready_timeout() const {
    return state_ ? state_->ready_timeout : std::chrono::milliseconds{0};
}

bool BusProxy::wait_for_exit(std::chrono::milliseconds timeout) {
    return !state_ || state_->child.wait(timeout);
}

void BusProxy::stop() {
    if (!state_) return;
    state_->sync_read.reset();
    if (!state_->child.wait(kStopGrace)) state_->child.kill_and_reap();
    // The proxy removes its sockets when it ends on its own, not when it is killed.
    for (const auto& [bus, path] : state_->sockets) ::unlink(path.c_str());
    state_.reset();
}

void BusProxy::end_now() {
    if (!state_) return;
    state_->sync_read.reset();
    if (!state_->child.wait(std::chrono::milliseconds(0))) state_->child.kill_and_reap();
    for (const auto& [bus, path] : state_->sockets) ::unlink(path.c_str());
    state_.reset();
}

}  // namespace sandbox::dbus_proxy

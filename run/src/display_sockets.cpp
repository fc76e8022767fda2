#include "sandbox/run/display_sockets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>

#include "sandbox/common/files.hpp"
#include "sandbox/run/display_x11_name.hpp"
#include "sandbox/run/memfd.hpp"

namespace sandbox::run {
namespace {

using permissions::Socket;

// An Xauthority holds a few entries; anything much larger is not one.
constexpr off_t kMaxXauthoritySize = 1 << 20;

// The socket at `path`, opened O_PATH without following a link anywhere on the way, if it is a
// socket of the user's or root's (in the shared /tmp/.X11-unix another user could plant one).
HostSocket open_host_socket(const std::string& path, uid_t uid, std::vector<UniqueFd>& opened) {
    HostSocket socket{path, -1};
    auto fd = open_path(AT_FDCWD, path, O_PATH | O_NOFOLLOW, RESOLVE_NO_SYMLINKS);
    if (!fd) return socket;
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0 || !S_ISSOCK(st.st_mode) ||
        (st.st_uid != uid && st.st_uid != 0))
        return socket;
    socket.fd = fd->get();
    opened.push_back(std::move(*fd));
    return socket;
}

std::string hostname() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return {};
    return name;
}

// The caller's Xauthority: $XAUTHORITY, else ~/.Xauthority. Missing or unreadable: no entries
// (the server may let the user in without a cookie).
std::vector<XauthEntry> read_host_xauthority(const SessionHost& host) {
    std::string path = host_variable(host, "XAUTHORITY");
    if (path.empty()) {
        const std::string home = host_variable(host, "HOME");
        if (home.empty()) return {};
        path = home + "/.Xauthority";
    }
    auto fd = open_path(AT_FDCWD, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (!fd) return {};
    struct stat st {};
    if (::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxXauthoritySize)
        return {};
    auto content = read_all(fd->get());
    if (!content) return {};
    auto entries = parse_xauthority(*content);
    return entries ? std::move(*entries) : std::vector<XauthEntry>{};
}

void find_x11(const SessionHost& session, DisplayHost& host, std::vector<UniqueFd>& opened) {
    host.x11_display = host_variable(session, "DISPLAY");
    auto display = parse_x11_display(host.x11_display);
    if (!display) return;
    if (display->host.empty())
        host.x11 = open_host_socket(x11_socket_path(display->number), session.uid, opened);
    if (!display->host.empty() || host.x11.fd >= 0) {
        host.hostname = hostname();
        host.xauthority = read_host_xauthority(session);
    }
}

}  // namespace

DisplayHost find_display_host(const permissions::Context& context, const SessionHost& session,
                              std::vector<UniqueFd>& opened) {
    DisplayHost host;
    host.uid = session.uid;
    host.network = session.network;
    host.runtime_dir = session.runtime_dir;
    if (permissions::is_granted(context.sockets, Socket::Wayland)) {
        host.wayland_display = host_variable(session, "WAYLAND_DISPLAY");
        auto path = wayland_socket_path(host.wayland_display, host.runtime_dir);
        if (path) host.wayland = open_host_socket(*path, session.uid, opened);
    }
    const bool may_need_x11 =
        permissions::is_granted(context.sockets, Socket::X11) ||
        (permissions::is_granted(context.sockets, Socket::FallbackX11) && host.wayland.fd < 0);
    if (may_need_x11) find_x11(session, host, opened);
    return host;
}

Status grant_display(const permissions::Context& context, const SessionHost& session,
                     SessionServices& services) {
    DisplayHost host = find_display_host(context, session, services.owned);
    DisplayPlan plan = plan_display(context, host);
    SessionGrants& grants = services.grants;
    if (plan.xauthority) {
        auto content = format_xauthority(*plan.xauthority);
        if (!content) return content.take_error();
        auto fd = sealed_data_fd("Xauthority", *content);
        if (!fd) return fd.take_error();
        plan.mounts.emplace_back(
            launcher::BindData{fd->get(), sandbox_xauthority_path(host.uid), 0600, true});
        services.owned.push_back(std::move(*fd));
    }
    for (auto& mount : plan.mounts) grants.mounts.push_back(std::move(mount));
    for (auto& [name, value] : plan.environment) grants.environment[name] = value;
    for (auto& warning : plan.warnings) grants.warnings.push_back(std::move(warning));
    return ok_status();
}

}  // namespace sandbox::run

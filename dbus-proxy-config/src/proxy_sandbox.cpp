#include "sandbox/dbus_proxy/proxy_sandbox.hpp"

namespace sandbox::dbus_proxy {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;

bool is_under_usr(const std::string& path) {
    return path.starts_with("/usr/");
}

std::vector<launcher::MountOp> proxy_mounts(const ProxySandbox& sandbox) {
    std::vector<launcher::MountOp> mounts{
        BindMount{HostPath{"/usr"}, "/usr", BindAccess::ReadOnly}};
    mounts.insert(mounts.end(), sandbox.root_links.begin(), sandbox.root_links.end());
    if (!is_under_usr(sandbox.program))
        mounts.emplace_back(BindMount{HostPath{sandbox.program}, sandbox.program});
    for (const std::string& socket : sandbox.bus_sockets)
        mounts.emplace_back(BindMount{HostPath{socket}, socket});
    mounts.emplace_back(
        BindMount{HostPath{sandbox.socket_dir}, sandbox.socket_dir, BindAccess::ReadWrite});
    mounts.emplace_back(launcher::BindData{sandbox.info_fd, "/.flatpak-info", 0600, true});
    return mounts;
}

}  // namespace

launcher::LaunchPlan proxy_sandbox_plan(const ProxySandbox& sandbox) {
    launcher::LaunchPlan plan;
    plan.namespaces = {
        .pid = true, .ipc = true, .uts = true, .net = !sandbox.share_network, .cgroup = true};
    plan.mounts = proxy_mounts(sandbox);
    plan.cwd = "/";
    plan.argv = {sandbox.program, "--args=" + std::to_string(sandbox.args_fd)};
    plan.seccomp = sandbox.seccomp;
    plan.die_with_parent = true;
    plan.new_session = true;
    plan.fd_policy = launcher::FdPolicy::OnlyListed;
    plan.keep_fds = {sandbox.args_fd, sandbox.sync_fd};
    plan.consumed_fds = {sandbox.info_fd};
    return plan;
}

}  // namespace sandbox::dbus_proxy

#include "sandbox/run/ldconfig_plan.hpp"

#include <glib.h>

#include <memory>

#include "sandbox/launcher/seccomp_policy.hpp"
#include "sandbox/run/usr_overlay.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindData;
using launcher::BindMount;
using launcher::InheritedFd;
using launcher::MakeSymlink;
using launcher::MountOp;

std::vector<MountOp> helper_mounts(const LdconfigInputs& inputs) {
    // A layered app's libraries are in the composed /usr (its multiarch dir): the cache lists
    // them as the sandbox will see them.
    std::vector<MountOp> mounts{usr_mount(*inputs.runtime, inputs.app)};
    for (const std::string& dir : usr_merged_dirs(*inputs.runtime, inputs.app))
        mounts.push_back(MakeSymlink{"usr/" + dir, "/" + dir});
    if (inputs.app.files_fd >= 0)
        mounts.push_back(
            BindMount{InheritedFd{inputs.app.files_fd}, "/app", BindAccess::ReadOnly, false});
    if (inputs.ld_so_conf_fd >= 0)
        mounts.push_back(BindData{inputs.ld_so_conf_fd, "/etc/ld.so.conf", 0644, true});
    else
        mounts.push_back(MakeSymlink{"../usr/etc/ld.so.conf", "/etc/ld.so.conf"});
    // What Debian's ld.so.conf includes (the multiarch dirs, and those a layer's packages add).
    if (inputs.ld_so_conf_fd < 0)
        mounts.push_back(MakeSymlink{"../usr/etc/ld.so.conf.d", "/etc/ld.so.conf.d"});
    mounts.push_back(launcher::ProcMount{"/proc"});
    mounts.push_back(launcher::DevMount{"/dev"});
    mounts.push_back(BindMount{InheritedFd{inputs.cache_dir_fd}, kLdCacheDirInside,
                               BindAccess::ReadWrite, false});
    return mounts;
}

}  // namespace

Result<launcher::LaunchPlan> build_ldconfig_plan(const LdconfigInputs& inputs) {
    if (inputs.runtime == nullptr || inputs.runtime->ldconfig.empty())
        return usage_error("The runtime has no ldconfig");
    auto seccomp = launcher::default_seccomp_programs({});
    if (!seccomp) return seccomp.take_error();
    launcher::LaunchPlan plan;
    plan.namespaces.pid = true;
    plan.namespaces.ipc = true;
    plan.namespaces.net = true;
    plan.namespaces.uts = true;
    plan.mounts = helper_mounts(inputs);
    plan.environment = {"PATH=/usr/bin:/usr/sbin"};
    plan.cwd.emplace(1, '/');
    std::string output = kLdCacheDirInside;
    output.append("/").append(inputs.output);
    plan.argv = {inputs.runtime->ldconfig, "-X", "-C", output};
    plan.seccomp = std::move(*seccomp);
    plan.die_with_parent = true;
    plan.disable_userns = true;
    plan.fd_policy = launcher::FdPolicy::OnlyListed;
    return plan;
}

std::string ld_cache_checksum(const std::string& app_commit, const std::string& runtime_commit) {
    std::unique_ptr<GChecksum, decltype(&g_checksum_free)> checksum(
        g_checksum_new(G_CHECKSUM_SHA256), g_checksum_free);
    for (const std::string* commit : {&app_commit, &runtime_commit})
        g_checksum_update(checksum.get(), reinterpret_cast<const guchar*>(commit->data()),
                          static_cast<gssize>(commit->size()));
    return g_checksum_get_string(checksum.get());
}

}  // namespace sandbox::run

#include "sandbox/run/plan_builder.hpp"

#include "app_dir_mounts.hpp"
#include "etc_mounts.hpp"
#include "system_mounts.hpp"

namespace sandbox::run {
namespace {

using launcher::BindData;
using launcher::LaunchPlan;
using launcher::MakeDir;
using launcher::MountOp;
using permissions::Feature;

std::vector<MountOp> sandbox_mounts(const PlanInputs& inputs) {
    std::vector<MountOp> mounts;
    add_system_mounts(inputs, mounts);
    add_etc_mounts(inputs, mounts);
    mounts.push_back(MakeDir{inputs.home, 0755});
    for (const MountOp& op : inputs.filesystems.mounts) mounts.push_back(op);
    add_app_dir_mounts(inputs, mounts);
    for (const MountOp& op : inputs.filesystems.app_dir_mounts) mounts.push_back(op);
    for (const MountOp& op : inputs.session.mounts) mounts.push_back(op);
    mounts.push_back(BindData{inputs.files.info_fd, "/.flatpak-info", 0600, true});
    return mounts;
}

std::vector<std::string> lock_files(const PlanInputs& inputs) {
    std::vector<std::string> locks;
    // Under a layered app's /usr the name is the app's .ref, and a lock taken through overlayfs
    // is on the overlay's inode, not on the file the store sees.
    if (inputs.runtime.has_ref_file && !inputs.app.usr_overlay) locks.emplace_back("/usr/.ref");
    if (inputs.app.has_ref_file) locks.emplace_back("/app/.ref");
    return locks;
}

}  // namespace

launcher::SeccompOptions seccomp_options(const permissions::Context& context, bool devel) {
    launcher::SeccompOptions options;
    options.devel = devel || permissions::is_granted(context.features, Feature::Devel);
    options.multiarch = permissions::is_granted(context.features, Feature::Multiarch);
    options.canbus = permissions::is_granted(context.features, Feature::Canbus);
    options.bluetooth = permissions::is_granted(context.features, Feature::Bluetooth);
    return options;
}

launcher::Namespaces sandbox_namespaces(const permissions::Context& context) {
    launcher::Namespaces namespaces;
    namespaces.user = true;
    namespaces.mount = true;
    namespaces.pid = true;
    namespaces.uts = true;
    namespaces.ipc = !permissions::is_granted(context.shared, permissions::Share::Ipc);
    namespaces.net = !permissions::is_granted(context.shared, permissions::Share::Network);
    return namespaces;
}

Result<LaunchPlan> build_launch_plan(const PlanInputs& inputs) {
    if (inputs.argv.empty()) return usage_error("No command to run for " + inputs.app_id);
    auto seccomp =
        launcher::default_seccomp_programs(seccomp_options(inputs.context, inputs.devel));
    if (!seccomp) return seccomp.take_error();
    LaunchPlan plan;
    plan.namespaces = sandbox_namespaces(inputs.context);
    plan.mounts = sandbox_mounts(inputs);
    plan.environment = inputs.environment;
    plan.cwd = inputs.cwd;
    plan.argv = inputs.argv;
    plan.seccomp = std::move(*seccomp);
    plan.die_with_parent = true;
    plan.disable_userns = true;
    plan.fd_policy = launcher::FdPolicy::OnlyListed;
    plan.lock_files = lock_files(inputs);
    plan.info_fd = inputs.status_fd;
    plan.held_fds = inputs.session.sync_fds;
    plan.ready_gates = inputs.session.ready_gates;
    return plan;
}

}  // namespace sandbox::run

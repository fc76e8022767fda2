#include "sandbox/run/run_app.hpp"

#include <unistd.h>

#include <system_error>

#include "file_forwarding.hpp"
#include "sandbox/instances/instance.hpp"
#include "sandbox/instances/runtime_dir.hpp"
#include "sandbox/launcher/launch.hpp"
#include "sandbox/permissions/validation.hpp"
#include "sandbox/run/app_data_dirs.hpp"
#include "sandbox/run/app_metadata.hpp"
#include "sandbox/run/effective_permissions.hpp"
#include "sandbox/run/filesystem_exposures.hpp"
#include "sandbox/run/host_user.hpp"
#include "sandbox/run/host_view.hpp"
#include "sandbox/run/instance_info.hpp"
#include "sandbox/run/ld_cache.hpp"
#include "sandbox/run/ldconfig_plan.hpp"
#include "sandbox/run/memfd.hpp"
#include "sandbox/run/plan_builder.hpp"
#include "sandbox/run/runtime_tree.hpp"
#include "sandbox/run/sandbox_environment.hpp"
#include "sandbox/run/session_buses.hpp"
#include "sandbox/run/session_services.hpp"

extern char** environ;

namespace sandbox::run {
namespace {

// What one run holds open until the sandbox is gone: the fds its plan names.
struct PreparedRun {
    OpenedDeployment app;
    OpenedDeployment runtime;
    DeploymentMetadata metadata;
    DeploymentMetadata runtime_metadata;
    permissions::Context context;
    HostUser user;
    OpenedAppDirs app_dirs;
    std::vector<UniqueFd> owned;
    std::string info;  // /.flatpak-info
    SessionHost host;
    SessionServices session;
    PlanInputs inputs;
    std::optional<FileForwarding> forwarding;
};

Result<store::Ref> chosen_runtime(const RunRequest& request, const DeploymentMetadata& metadata) {
    store::Ref runtime = *metadata.runtime;
    if (request.devel && metadata.sdk) runtime = *metadata.sdk;
    if (request.runtime) {
        const std::string& text = *request.runtime;
        auto full = store::parse_runtime_field(text);
        if (full) {
            runtime = *full;
        } else if (store::is_valid_id(text)) {
            runtime.id = text;
        } else {
            return usage_error("--runtime: '" + permissions::printable(text) +
                               "' is neither ID nor ID/ARCH/BRANCH");
        }
    }
    if (request.runtime_version) runtime.branch = *request.runtime_version;
    return runtime;
}

Result<DeploymentMetadata> read_metadata(const OpenedDeployment& deployment,
                                         const WarningSink& warn) {
    permissions::Warnings warnings;
    auto metadata = parse_deployment_metadata(deployment.metadata, deployment.ref, warnings);
    for (const std::string& warning : warnings) warn(warning);
    return metadata;
}

Status find_trees(const RunRequest& request, PreparedRun& run, const WarningSink& warn) {
    auto app = find_app(search_order(request.installation), request.app);
    if (!app) return app.take_error();
    run.app = std::move(*app);
    auto metadata = read_metadata(run.app, warn);
    if (!metadata) return metadata.take_error();
    run.metadata = std::move(*metadata);
    auto runtime_ref = chosen_runtime(request, run.metadata);
    if (!runtime_ref) return runtime_ref.take_error();
    auto runtime = find_runtime(run.app.installation, *runtime_ref);
    if (!runtime) return runtime.take_error();
    run.runtime = std::move(*runtime);
    auto runtime_metadata = read_metadata(run.runtime, warn);
    if (!runtime_metadata) return runtime_metadata.take_error();
    run.runtime_metadata = std::move(*runtime_metadata);
    return ok_status();
}

Status stack_permissions(const RunRequest& request, PreparedRun& run, const WarningSink& warn) {
    PermissionLayers layers{run.runtime_metadata.context, run.metadata.context,
                            request.command_line};
    permissions::Warnings warnings;
    auto context = effective_permissions(
        layers, override_files(run.app.installation, run.app.ref.id), warnings);
    for (const std::string& warning : warnings) warn(warning);
    if (!context) return context.take_error();
    run.context = std::move(*context);
    return ok_status();
}

Status open_app_state(PreparedRun& run) {
    auto dirs = open_app_dirs(run.user.home, run.app.ref.id);
    if (!dirs) return dirs.take_error();
    run.app_dirs = std::move(*dirs);
    for (const std::string& path : run.context.persistent) {
        auto persistent = open_persistent_dir(run.app_dirs.dirs, run.user.home, path, run.owned);
        if (!persistent) return persistent.take_error();
        run.inputs.persistent.push_back(*persistent);
    }
    run.inputs.app_dirs = run.app_dirs.dirs;
    return ok_status();
}

void create_requested_dirs(const FilesystemPlan& plan, const WarningSink& warn) {
    for (const std::string& dir : plan.create) {
        std::error_code error;
        std::filesystem::create_directories(dir, error);
        if (error) warn("Can't create " + dir + ": " + error.message());
    }
}

void plan_filesystem_access(PreparedRun& run, const WarningSink& warn) {
    const HostView host = gather_host_view(run.user, run.app_dirs.dirs.path);
    run.inputs.filesystems = plan_filesystems(run.context, host);
    for (const std::string& warning : run.inputs.filesystems.warnings) warn(warning);
    create_requested_dirs(run.inputs.filesystems, warn);
}

Status read_trees(PreparedRun& run) {
    const bool layered = run.metadata.usr_overlay;
    auto runtime = read_runtime_tree(run.runtime.files.get(),
                                     layered ? EtcUse::Named : EtcUse::Bound, run.owned);
    if (!runtime) return runtime.take_error();
    run.inputs.runtime = std::move(*runtime);
    auto app = read_app_tree(run.app.files.get(), layered);
    if (!app) return app.take_error();
    run.inputs.app = std::move(*app);
    return ok_status();
}

Result<int> add_data_file(PreparedRun& run, const char* name, const std::string& data) {
    auto fd = sealed_data_fd(name, data);
    if (!fd) return fd.take_error();
    run.owned.push_back(std::move(*fd));
    return run.owned.back().get();
}

InstanceInfo instance_info(const PreparedRun& run, const std::string& instance_id, bool devel) {
    return InstanceInfo{run.app.ref.id,
                        run.runtime.ref.str(),
                        instance_id,
                        run.user.home + "/.var/app/" + run.app.ref.id,
                        run.app.files_path,
                        run.app.commit,
                        run.runtime.files_path,
                        run.runtime.commit,
                        run.app.ref.branch,
                        run.app.ref.arch,
                        devel};
}

Status make_files(PreparedRun& run, const instances::RunningInstance& instance, bool devel) {
    run.info = instance_info_text(instance_info(run, instance.id(), devel), run.context);
    const std::string& info = run.info;
    SANDBOX_TRY(instance.write_info(info));
    SANDBOX_TRY(instance.write_pid(::getpid()));
    auto passwd = add_data_file(run, "passwd", passwd_text(run.user));
    if (!passwd) return passwd.take_error();
    auto group = add_data_file(run, "group", group_text(run.user));
    if (!group) return group.take_error();
    auto info_fd = add_data_file(run, "flatpak-info", info);
    if (!info_fd) return info_fd.take_error();
    run.inputs.files.passwd_fd = *passwd;
    run.inputs.files.group_fd = *group;
    run.inputs.files.info_fd = *info_fd;
    return ok_status();
}

Status make_ld_files(PreparedRun& run) {
    if (run.inputs.runtime.needs_ld_so_conf) {
        auto conf = add_data_file(run, "ld.so.conf", kGeneratedLdSoConf);
        if (!conf) return conf.take_error();
        run.inputs.files.ld_so_conf_fd = *conf;
    }
    if (run.inputs.runtime.ldconfig.empty()) return ok_status();
    auto cache = app_ld_cache({&run.inputs.app_dirs, &run.inputs.runtime, run.inputs.app,
                               run.app.commit, run.runtime.commit});
    if (!cache) return cache.take_error();
    run.owned.push_back(std::move(*cache));
    run.inputs.files.ld_cache_fd = run.owned.back().get();
    return ok_status();
}

// Started here, while the rest of the sandbox is prepared; awaited just before the launch.
// What is known of the session before anything else: the caller's environment and runtime dir.
SessionHost caller_session(const HostUser& user, const std::vector<std::string>& environment) {
    SessionHost host;
    host.uid = user.uid;
    for (const std::string& entry : environment) {
        const std::size_t equals = entry.find('=');
        if (equals != std::string::npos)
            host.environment[entry.substr(0, equals)] = entry.substr(equals + 1);
    }
    host.runtime_dir = host_variable(host, "XDG_RUNTIME_DIR");
    if (host.runtime_dir.empty()) host.runtime_dir = "/run/user/" + std::to_string(user.uid);
    return host;
}

Status start_session_services(PreparedRun& run, const instances::RunningInstance& instance) {
    SessionHost& host = run.host;
    host.app_id = run.app.ref.id;
    host.instance_dir = instance.dir().string();
    host.flatpak_info = run.info;
    host.network = permissions::is_granted(run.context.shared, permissions::Share::Network);
    auto services = grant_session_services(run.context, host);
    if (!services) return services.take_error();
    run.session = std::move(*services);
    return ok_status();
}

Status finish_session_services(PreparedRun& run, const WarningSink& warn) {
    SANDBOX_TRY(finish_session_services(run.host, run.session));
    for (const std::string& warning : run.session.grants.warnings) warn(warning);
    run.inputs.session = run.session.grants;
    return ok_status();
}

std::vector<std::string> caller_environment() {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) entries.emplace_back(*entry);
    return entries;
}

// Once the sandbox's filesystem is planned (a file it shows is not exported); the portal answers
// while the rest is prepared.
void start_file_forwarding(const RunRequest& request, PreparedRun& run, const WarningSink& warn) {
    std::vector<std::string> warnings;
    const ForwardingHost host{run.app.ref.id, run.user.uid, find_host_buses(run.host).session};
    run.forwarding = FileForwarding::start(request.args, run.inputs, host, warnings);
    for (const std::string& warning : warnings) warn(warning);
}

// A store that was not there when the launch began is now, if a file went into it.
void look_for_new_document_store(PreparedRun& run) {
    if (run.forwarding->exported_any() && !run.host.documents)
        run.host.documents = start_document_portal_lookup(run.host);
}

Status fill_command(const RunRequest& request, PreparedRun& run, const WarningSink& warn) {
    const std::string command = request.command.value_or(run.metadata.command);
    if (command.empty())
        return usage_error(run.app.ref.id + " has no command; give one with --command");
    std::vector<std::string> warnings;
    std::vector<std::string> args = run.forwarding->finish(warnings);
    for (const std::string& warning : warnings) warn(warning);
    look_for_new_document_store(run);
    run.inputs.argv = {command};
    run.inputs.argv.insert(run.inputs.argv.end(), args.begin(), args.end());
    run.inputs.cwd = request.cwd;
    return ok_status();
}

void fill_identity_and_environment(const RunRequest& request, PreparedRun& run) {
    PlanInputs& inputs = run.inputs;
    inputs.app_id = run.app.ref.id;
    inputs.uid = run.user.uid;
    inputs.gid = run.user.gid;
    inputs.home = run.user.home;
    inputs.context = run.context;
    inputs.devel = request.devel;
    EnvironmentInputs environment{run.app.ref.id,   run.user.uid,
                                  run.user.home,    run.app_dirs.dirs.path,
                                  request.devel,    inputs.files.ld_cache_fd >= 0,
                                  host_xdg_homes(), inputs.session.environment};
    environment.usr_overlay = inputs.app.usr_overlay;
    inputs.environment = sandbox_environment(caller_environment(), environment, run.context);
}

Result<int> launch_instance(PreparedRun& run, const instances::RunningInstance& instance) {
    auto status_file = instance.open_status_file();
    if (!status_file) return status_file.take_error();
    run.inputs.status_fd = status_file->get();
    auto plan = build_launch_plan(run.inputs);
    if (!plan) return plan.take_error();
    status_file->release();  // the launcher writes the child pid there and closes it
    return launcher::launch(*plan, {"sandbox"});
}

}  // namespace

Result<int> run_app(const RunRequest& request, const WarningSink& warn) {
    PreparedRun run;
    run.user = current_user();
    // The slow questions first, each answered by another process while this one goes on: the
    // accessibility bus' address, the document portal's store, then (once the instance's identity
    // exists) the D-Bus proxy.
    run.host = caller_session(run.user, caller_environment());
    run.host.log_session_bus = request.log_session_bus;
    run.host.log_system_bus = request.log_system_bus;
    run.host.accessibility = start_accessibility_lookup(run.host);
    run.host.documents = start_document_portal_lookup(run.host);
    SANDBOX_TRY(find_trees(request, run, warn));
    SANDBOX_TRY(stack_permissions(request, run, warn));
    auto instances_dir = instances::instances_dir();
    if (!instances_dir) return instances_dir.take_error();
    auto instance = instances::RunningInstance::create(*instances_dir);
    if (!instance) return instance.take_error();
    SANDBOX_TRY(make_files(run, *instance, request.devel));
    SANDBOX_TRY(start_session_services(run, *instance));
    SANDBOX_TRY(open_app_state(run));
    plan_filesystem_access(run, warn);
    start_file_forwarding(request, run, warn);
    SANDBOX_TRY(read_trees(run));
    SANDBOX_TRY(make_ld_files(run));
    SANDBOX_TRY(fill_command(request, run, warn));
    SANDBOX_TRY(finish_session_services(run, warn));
    fill_identity_and_environment(request, run);
    return launch_instance(run, *instance);
}

}  // namespace sandbox::run

// sandbox run [OPTION…] ID[//BRANCH | /ARCH[/BRANCH]] [ARG…] [@@ FILE… @@] [@@u URI… @@]

#include <cstdio>

#include "permission_arguments.hpp"
#include "sandbox/exports/data_dirs_notice.hpp"
#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/file_forwarding_args.hpp"
#include "sandbox/run/run_app.hpp"
#include "sandbox/store/layout.hpp"

namespace sandbox::cli {
namespace {

const PermissionCommandSpec kSpec{
    .flags = {"--devel", "-d", "--log-session-bus", "--log-system-bus", "--file-forwarding"},
    .values = {"--command", "--cwd", "--runtime", "--runtime-version", "--branch", "--arch"},
    .stop_at_positional = true,
};

void print_help() {
    std::printf(
        "Usage: sandbox run [OPTION…] ID[//BRANCH] [ARG…]\n\n"
        "Runs an installed app in a sandbox. Everything after ID is passed to the app.\n\n"
        "  --user | --system | --installation=DIR   where to look (default: user, then system)\n"
        "  --command=COMMAND     run COMMAND instead of the app's command\n"
        "  --cwd=DIR             start in DIR (inside the sandbox)\n"
        "  --branch=BRANCH       --arch=ARCH\n"
        "  --runtime=ID[/ARCH/BRANCH]   --runtime-version=BRANCH   use another runtime\n"
        "  -d, --devel           use the app's SDK and allow ptrace and perf\n"
        "  --log-session-bus     --log-system-bus   print what the D-Bus proxy filters (stderr)\n"
        "  --file-forwarding     ARGS may hold @@ FILE… @@ and @@u URI… @@: each host file is\n"
        "                        exported to the document portal for the app, which gets its\n"
        "                        path in /run/user/UID/doc (or that path's file: URI)\n\n"
        "%.*s",
        static_cast<int>(permissions::permission_flags_usage().size()),
        permissions::permission_flags_usage().data());
}

// ID, ID//BRANCH, ID/ARCH or ID/ARCH/BRANCH; --arch and --branch fill what it leaves out.
Result<run::AppQuery> app_query(const std::string& text, const PermissionCommand& parsed) {
    run::AppQuery query;
    const std::size_t first = text.find('/');
    query.id = text.substr(0, first);
    if (first != std::string::npos) {
        const std::string rest = text.substr(first + 1);
        const std::size_t second = rest.find('/');
        query.arch = rest.substr(0, second);
        if (second != std::string::npos) query.branch = rest.substr(second + 1);
        if (query.branch.find('/') != std::string::npos)
            return usage_error("'" + text + "' is not ID, ID//BRANCH or ID/ARCH/BRANCH");
    }
    if (auto arch = parsed.values.find("--arch"); arch != parsed.values.end() && query.arch.empty())
        query.arch = arch->second;
    if (auto branch = parsed.values.find("--branch");
        branch != parsed.values.end() && query.branch.empty())
        query.branch = branch->second;
    return query;
}

std::optional<std::string> value(const PermissionCommand& parsed, const std::string& option) {
    auto found = parsed.values.find(option);
    if (found == parsed.values.end()) return std::nullopt;
    return found->second;
}

Result<run::RunRequest> request_from(PermissionCommand& parsed) {
    run::RunRequest request;
    if (parsed.installation.chosen) request.installation = parsed.installation.installation;
    auto query = app_query(parsed.positional.front(), parsed);
    if (!query) return query.take_error();
    request.app = std::move(*query);
    request.command = value(parsed, "--command");
    request.cwd = value(parsed, "--cwd");
    request.runtime = value(parsed, "--runtime");
    request.runtime_version = value(parsed, "--runtime-version");
    request.devel = parsed.flags.contains("--devel") || parsed.flags.contains("-d");
    request.log_session_bus = parsed.flags.contains("--log-session-bus");
    request.log_system_bus = parsed.flags.contains("--log-system-bus");
    request.command_line = std::move(parsed.permissions);
    const std::vector<std::string> args(parsed.positional.begin() + 1, parsed.positional.end());
    if (!parsed.flags.contains("--file-forwarding")) {
        request.args = run::plain_arguments(args);
        return request;
    }
    auto marked = run::parse_forwarding_markers(args);
    if (!marked) return marked.take_error();
    request.args = std::move(*marked);
    return request;
}

// Once per user: the exports of the user's and the system's installation are not on
// XDG_DATA_DIRS (docs/EXPORTS.md). A stat at most, once the notice was given.
void give_data_dirs_notice() {
    const std::filesystem::path exports_shares[] = {
        store::exports_dir(store::user_installation()) / "share",
        store::exports_dir(store::system_installation()) / "share"};
    if (auto notice = exports::data_dirs_notice_once(exports_shares)) warn(*notice);
}

int run_command(Args args) {
    auto parsed = parse_permission_command(kSpec, "run", args);
    if (!parsed) return fail(parsed.error());
    if (parsed->help) {
        print_help();
        return 0;
    }
    if (parsed->positional.empty()) return fail("run needs an app ID (see 'sandbox run --help')");
    auto request = request_from(*parsed);
    if (!request) return fail(request.error());
    give_data_dirs_notice();
    auto status = run::run_app(*request, warn);
    if (!status) return fail(status.error());
    return *status;
}

}  // namespace

SANDBOX_SUBCOMMAND(run_registration, "run", "Run an installed app in a sandbox", run_command);

}  // namespace sandbox::cli

// sandbox ps: the running sandboxes.

#include <cstdio>
#include <ctime>

#include "sandbox/instances/instance.hpp"
#include "sandbox/instances/runtime_dir.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

std::string local_time(std::time_t when) {
    std::tm parts{};
    char text[32];
    if (::localtime_r(&when, &parts) == nullptr ||
        std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &parts) == 0)
        return "-";
    return text;
}

std::string pid_text(pid_t pid) {
    return pid > 0 ? std::to_string(pid) : "-";
}

int ps_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(
            "Usage: sandbox ps\n\nLists the running sandboxes: instance, the supervising\n"
            "process, the sandbox's first process, app, runtime, start time.");
        return 0;
    }
    if (!args.empty()) return fail("ps takes no arguments (see 'sandbox ps --help')");
    auto dir = instances::instances_dir();
    if (!dir) return fail(dir.error());
    auto instances = instances::list_instances(*dir);
    if (!instances) return fail(instances.error());
    std::printf("INSTANCE\tPID\tCHILD-PID\tAPPLICATION\tRUNTIME\tSINCE\n");
    for (const instances::InstanceRecord& record : *instances)
        std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", record.id.c_str(), pid_text(record.pid).c_str(),
                    pid_text(record.child_pid).c_str(), record.app.c_str(), record.runtime.c_str(),
                    local_time(record.since).c_str());
    return 0;
}

}  // namespace

SANDBOX_SUBCOMMAND(ps_registration, "ps", "List running sandboxes", ps_command);

}  // namespace sandbox::cli

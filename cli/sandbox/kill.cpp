// sandbox kill INSTANCE|ID

#include <cstdio>

#include "sandbox/instances/instance.hpp"
#include "sandbox/instances/runtime_dir.hpp"
#include "sandbox/instances/signal.hpp"
#include "sandbox/permissions/validation.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

int kill_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(
            "Usage: sandbox kill INSTANCE|ID\n\nEnds a running sandbox, or every running "
            "sandbox of the app ID.");
        return 0;
    }
    if (args.size() != 1) return fail("kill needs one INSTANCE or ID (see 'sandbox kill --help')");
    auto dir = instances::instances_dir();
    if (!dir) return fail(dir.error());
    auto instances = instances::list_instances(*dir);
    if (!instances) return fail(instances.error());
    auto matching = instances::matching_instances(*instances, args[0]);
    if (matching.empty())
        return fail("No running instance or app " + permissions::printable(args[0]));
    int status = 0;
    for (const instances::InstanceRecord& instance : matching)
        if (auto killed = instances::kill_instance(instance); !killed)
            status = fail(killed.error());
    return status;
}

}  // namespace

SANDBOX_SUBCOMMAND(kill_registration, "kill", "Stop a running sandbox", kill_command);

}  // namespace sandbox::cli

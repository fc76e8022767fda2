// sandbox enter INSTANCE|ID COMMAND [ARG…]

#include <cstdio>

#include "sandbox/instances/instance.hpp"
#include "sandbox/instances/runtime_dir.hpp"
#include "sandbox/permissions/validation.hpp"
#include "sandbox/run/enter_instance.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

Result<instances::InstanceRecord> find_instance(const std::string& target) {
    auto dir = instances::instances_dir();
    if (!dir) return dir.take_error();
    auto instances = instances::list_instances(*dir);
    if (!instances) return instances.take_error();
    auto matching = instances::matching_instances(*instances, target);
    if (matching.empty())
        return usage_error("No running instance or app " + permissions::printable(target));
    if (matching.size() > 1)
        return usage_error(target + " runs in several instances; name one (see 'sandbox ps')");
    return matching.front();
}

int enter_command(Args args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::puts(
            "Usage: sandbox enter INSTANCE|ID COMMAND [ARG…]\n\n"
            "Runs COMMAND inside a running sandbox, as its app runs: same namespaces, user,\n"
            "environment and seccomp policy, no capabilities.");
        return 0;
    }
    if (args.size() < 2)
        return fail("enter needs INSTANCE|ID and a COMMAND (see 'sandbox enter --help')");
    auto instance = find_instance(args[0]);
    if (!instance) return fail(instance.error());
    auto status = run::enter_instance(*instance, {args.begin() + 1, args.end()});
    if (!status) return fail(status.error());
    return *status;
}

}  // namespace

SANDBOX_SUBCOMMAND(enter_registration, "enter", "Run a command inside a running sandbox",
                   enter_command);

}  // namespace sandbox::cli

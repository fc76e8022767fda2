#pragma once

// /etc: the runtime's entries (links recreated, the rest bound read-only) but for what belongs to
// this host and user: passwd and group made for the user, machine-id, the time zone, and the
// resolver's files (resolv.conf, hosts, host.conf, gai.conf) whether or not the network is shared.

#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// Entries of the runtime's etc/ the sandbox does not take from it.
bool is_host_owned_etc_entry(const std::string& name);

void add_etc_mounts(const PlanInputs& inputs, std::vector<launcher::MountOp>& mounts);

}  // namespace sandbox::run

#pragma once

// Joining a running sandbox's namespaces from the host, as the user who started it. The sandbox
// runs in two user namespaces (the launcher's outer one, where it was root to build the mounts,
// and the app's nested one), and its other namespaces belong to the outer one: so we join the
// outer user namespace first (we own it, so we hold every capability there), then ipc, uts, net,
// pid and mount, and last the nested user namespace, which leaves us the app's uid with the
// capabilities we then drop. This is bubblewrap's --assert-userns-disabled case: re-entering
// namespaces the same user created needs no new user namespace.

#include <sys/types.h>

#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::run {

struct SandboxNamespace {
    UniqueFd fd;
    int flag = 0;  // CLONE_NEW*
    const char* name = "";
};

struct SandboxNamespaces {
    UniqueFd outer_user;
    UniqueFd user;
    // In joining order; those the sandbox shares with us (net with --share=network, ipc with
    // --share=ipc) are left out: there is nothing to join.
    std::vector<SandboxNamespace> others;
};

// Opens the namespaces of `pid` (the sandbox's pid 1).
Result<SandboxNamespaces> open_sandbox_namespaces(pid_t pid);

// setns into all of them; afterwards fork()ed children are in the sandbox's pid namespace.
Status join_sandbox_namespaces(const SandboxNamespaces& namespaces);

}  // namespace sandbox::run

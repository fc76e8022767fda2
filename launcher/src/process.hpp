#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::launcher {

// Signals the launcher passes on to the sandbox rather than dying of them.
sigset_t forwarded_signals();

// The exit status a shell would report: the code, or 128+N for a death by signal N.
int shell_status(int wait_status);

// Kill this process with SIGKILL when its parent dies; fails if the parent is already gone.
Status die_with_parent(int parent_pidfd);

// Closes every fd from 3 up except those in keep.
void close_fds_except(std::vector<int> keep);

// pid 1 of the sandbox: forwards signals to the app, reaps every orphan, and returns the app's
// shell status when it exits. Signals in forwarded_signals() must be blocked.
int reap_as_init(pid_t app);

}  // namespace sandbox::launcher

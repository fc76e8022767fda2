#pragma once

// The processes a test's services started, found by their parents: what dbus-daemon activated is
// its children (and theirs), until the daemon ends and they come back to the test's main (a
// subreaper).

#include <sys/types.h>

#include <chrono>
#include <vector>

namespace sandbox::test {

// Every live process descending from `ancestor` (not itself), from a scan of /proc.
std::vector<pid_t> descendants_of(pid_t ancestor);

// Waits until none of `pids` is alive any more (zombies count as gone: the test's TearDown reaps
// them), SIGKILLs those left at the deadline; the pids that had to be killed.
std::vector<pid_t> wait_or_kill(const std::vector<pid_t>& pids, std::chrono::milliseconds timeout);

}  // namespace sandbox::test

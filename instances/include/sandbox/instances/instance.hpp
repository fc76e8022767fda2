#pragma once

// The registry of running sandboxes: one directory per instance, INSTANCES/ID/, holding
//   info             the instance's keyfile (what the sandbox sees as /.flatpak-info)
//   pid              the supervising `sandbox run` process
//   bwrapinfo.json   {"child-pid": N, …}, written by the launcher once the sandbox exists
//   .ref             read-locked by the supervisor while it runs: a directory whose .ref nobody
//                    locks is left over from a supervisor that was killed, and is removed
// Flatpak's layout, so its habits (and its portal's reading of it) carry over.

#include <sys/types.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"

namespace sandbox::instances {

inline constexpr const char* kInfoFile = "info";
inline constexpr const char* kPidFile = "pid";
inline constexpr const char* kStatusFile = "bwrapinfo.json";
inline constexpr const char* kRefFile = ".ref";

// The supervisor's side: creates the directory and removes it when destroyed.
class RunningInstance {
  public:
    // A new instance directory under `instances_dir` with a fresh random id, locked.
    static Result<RunningInstance> create(const std::filesystem::path& instances_dir);

    RunningInstance(RunningInstance&& other) noexcept;
    RunningInstance& operator=(RunningInstance&&) = delete;
    RunningInstance(const RunningInstance&) = delete;
    ~RunningInstance();

    [[nodiscard]] const std::string& id() const { return id_; }
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

    Status write_info(const std::string& text) const;
    Status write_pid(pid_t pid) const;
    // bwrapinfo.json opened for writing: the launcher's info_fd.
    [[nodiscard]] Result<UniqueFd> open_status_file() const;

  private:
    RunningInstance(std::string id, std::filesystem::path dir, UniqueFd lock);

    std::string id_;
    std::filesystem::path dir_;
    UniqueFd lock_;
};

// What `ps`, `kill` and `enter` read of an instance.
struct InstanceRecord {
    std::string id;
    std::filesystem::path dir;
    pid_t pid = 0;        // the supervisor
    pid_t child_pid = 0;  // the sandbox's pid 1 as the host sees it; 0 until reported
    std::string app;      // [Application] name
    std::string runtime;  // [Application] runtime
    std::time_t since = 0;
    std::string info;  // the info file's text
};

// The live instances, sorted by start time; directories left by killed supervisors are removed.
Result<std::vector<InstanceRecord>> list_instances(const std::filesystem::path& instances_dir);

// The instances `target` names: the one with that instance id, or every instance of that app.
std::vector<InstanceRecord> matching_instances(const std::vector<InstanceRecord>& instances,
                                               const std::string& target);

// The info file's text of instance `id` while its supervisor runs: what the portal compares with
// the /.flatpak-info a caller shows. An error when the id is malformed, unknown or stale.
Result<std::string> running_instance_info(const std::filesystem::path& instances_dir,
                                          const std::string& id);

// The "child-pid" of a bwrapinfo.json text; 0 when absent.
pid_t parse_child_pid(std::string_view json);

}  // namespace sandbox::instances

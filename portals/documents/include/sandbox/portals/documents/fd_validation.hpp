#pragma once

// What an fd handed in by a caller stands for, checked as xdg-desktop-portal does: the path the
// kernel gives for it, moved from the caller's view to the host's, must name the very same inode,
// also when looked up without following a link in its last element. Every failure is the same
// "Invalid fd passed": the caller learns nothing about which paths exist.

#include <filesystem>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/documents/path_remap.hpp"

namespace sandbox::portals::documents {

inline constexpr const char* kInvalidFdMessage = "Invalid fd passed";

struct CallerFile {
    std::filesystem::path host_path;
    bool writable = false;
    bool directory = false;
};

Result<CallerFile> validate_caller_fd(int fd, const Caller& caller);
Result<CallerFile> validate_caller_fd(int fd, const Caller& caller, const PathRemap& remap);

}  // namespace sandbox::portals::documents

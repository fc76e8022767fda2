#pragma once

// The portal errors of the standard (org.freedesktop.portal.Error.*), thrown from method handlers
// as sdbus::Error so that sdbus-c++ turns them into error replies.

#include <string>

namespace sandbox::portals {

inline constexpr const char* kErrorFailed = "org.freedesktop.portal.Error.Failed";
inline constexpr const char* kErrorInvalidArgument = "org.freedesktop.portal.Error.InvalidArgument";
inline constexpr const char* kErrorNotFound = "org.freedesktop.portal.Error.NotFound";
inline constexpr const char* kErrorNotAllowed = "org.freedesktop.portal.Error.NotAllowed";
inline constexpr const char* kErrorExists = "org.freedesktop.portal.Error.Exists";

[[noreturn]] void throw_portal_error(const char* name, const std::string& message);

}  // namespace sandbox::portals

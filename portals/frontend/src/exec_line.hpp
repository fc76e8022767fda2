#pragma once

// A desktop file's Exec line made into the argv that opens one file or URI, as the Desktop Entry
// Specification says: split like a shell would (GLib's g_shell_parse_argv), %f/%F become the
// local path (the URI itself when it is not a local file), %u/%U the URI, %i the icon arguments,
// %c the name, %k the desktop file, %% a '%'; the deprecated codes go. The portal launches
// handlers itself rather than through GIO, which would broadcast every launch with its URI on the
// session bus (org.gtk.gio.DesktopAppInfo.Launched), where other sandboxed apps could see it.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::portals {

struct ExecTarget {
    std::string uri;
    std::string local_path;  // empty unless the URI is a local file
};

struct DesktopEntryFacts {
    std::string exec;
    std::string name;
    std::string icon;
    std::string file;  // the desktop file's path
};

Result<std::vector<std::string>> expand_exec_line(const DesktopEntryFacts& entry,
                                                  const ExecTarget& target);

}  // namespace sandbox::portals

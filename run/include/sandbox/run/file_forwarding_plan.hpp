#pragma once

// --file-forwarding's decisions, as data (run/src/file_forwarding.cpp gathers the facts): which
// host file an argument names, whether the sandbox sees that file at the same path already (then
// it is passed as it is), and what the app is given in its place.

#include <sys/types.h>

#include <string>

#include "sandbox/run/file_forwarding_args.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

struct ForwardTarget {
    enum class Kind {
        NotAFile,  // a plain argument, or a URI of another scheme: passed unchanged
        Invalid,   // a file: URI that names no local path: passed unchanged, with a warning
        Path,      // a host path (relative ones to the caller's directory)
    };
    Kind kind = Kind::NotAFile;
    std::string path;
    bool operator==(const ForwardTarget&) const = default;
};
ForwardTarget forward_target(const AppArgument& argument);

// Whether the sandbox planned from `inputs` shows the host's `real_path` (absolute, no links) at
// that same path: under a filesystem permission bound from the same path, or the app's own
// ~/.var/app/ID, and not covered again by something else (a hidden directory's tmpfs, a bind from
// elsewhere, a --persist directory).
bool visible_at_same_path(const PlanInputs& inputs, const std::string& real_path);

// /run/user/UID/doc/DOCID/NAME: where the app sees a document of its view.
std::string document_path_inside(uid_t uid, const std::string& doc_id, const std::string& name);

// What the app gets for a file it is shown at `path_inside`: the path, or for a URI its file: URI.
std::string forwarded_argument(const AppArgument& argument, const std::string& path_inside);

// What the app gets for a file that could not be forwarded: the argument as it was, except that a
// path starting with '-' gets "./" in front (the same file, never an option).
std::string unforwarded_argument(const AppArgument& argument);

}  // namespace sandbox::run

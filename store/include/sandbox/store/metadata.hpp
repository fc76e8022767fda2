#pragma once

// A commit's `metadata` file: a GKeyFile in Flatpak's format. [Application] or [Runtime] says
// what the commit is; [Context] and the bus policy groups are the permissions, which the
// permissions layer types — here they are kept as the raw lines.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::store {

struct Metadata {
    RefKind kind = RefKind::App;
    std::string name;                                          // [Application]/[Runtime] name
    std::optional<Ref> runtime;                                // an app's runtime=ID/ARCH/BRANCH
    std::string sdk;                                           // as written, ID/ARCH/BRANCH
    std::string command;                                       // [Application] command
    std::vector<std::pair<std::string, std::string>> context;  // [Context] key=value, in order
    std::string text;  // the whole file, for the permissions layer
    // What the permissions layer skipped: keys and permission names this version does not know.
    std::vector<std::string> warnings;
};

// Parses and checks: one of [Application]/[Runtime] with a valid name, an app's runtime a valid
// ID/ARCH/BRANCH, no NUL or control bytes (raw or unescaped), and the permission groups as
// `sandbox run` reads them. Unknown groups and keys are kept, not refused (Flatpak adds some in
// every release), and named in `warnings`. `what` names the file in errors ("metadata of
// app/org.x/x86_64/stable").
Result<Metadata> parse_metadata(std::string_view text, const std::string& what);

}  // namespace sandbox::store

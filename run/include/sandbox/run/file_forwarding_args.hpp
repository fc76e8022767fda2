#pragma once

// `sandbox run --file-forwarding ID [ARGS…] [@@ FILES… @@] [@@u URIS… @@]`: the app's arguments,
// each marked with what it is. Between `@@` and `@@` every argument is a host path, between `@@u`
// and `@@` a URI (a file: URI or an absolute path is a file); the markers themselves are dropped.
// Inside a list nothing is an option: `--help` there is a file named so. Without
// --file-forwarding there are no lists and `@@` is an argument like any other.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::run {

enum class ArgumentKind {
    Plain,  // passed as it is
    File,   // a host path, to forward
    Uri,    // a URI; a file: one (or an absolute path) to forward
};

struct AppArgument {
    std::string text;
    ArgumentKind kind = ArgumentKind::Plain;
    bool operator==(const AppArgument&) const = default;
};

// Every argument as it is (no --file-forwarding).
std::vector<AppArgument> plain_arguments(const std::vector<std::string>& args);

// The lists found and their markers dropped. A list left open, or `@@u` inside a list (only `@@`
// closes one), is a one-line usage error.
Result<std::vector<AppArgument>> parse_forwarding_markers(const std::vector<std::string>& args);

}  // namespace sandbox::run

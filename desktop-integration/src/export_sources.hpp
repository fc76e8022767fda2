#pragma once

// The files of a deployment's export/ that may be exported, read without following any link:
// every directory and file is opened with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) from
// the one above it, so a link the app planted is refused, not followed.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/exports/export_names.hpp"

namespace sandbox::exports {

struct SourceFile {
    ExportKind kind;
    std::string source;       // relative to export/, for messages
    std::string destination;  // relative to BASE/exports/share
    std::string content;
};

struct Sources {
    std::vector<SourceFile> files;
    std::vector<std::string> warnings;  // "share/…: why it is not exported"
};

// Reads what `export_dir` (the deployment's export/) holds for app `app_id`. Refused files are
// warnings; only a failure to open export/ itself is an error.
Result<Sources> read_export_sources(const std::string& export_dir, const std::string& app_id);

}  // namespace sandbox::exports

#pragma once

// What each kind of exported file becomes: rewritten (.desktop, .service, MIME), checked and
// copied (icons, metainfo).

#include "export_sources.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {

Result<Rewritten> exported_content(const SourceFile& file, const LaunchCommand& launch);

}  // namespace sandbox::exports

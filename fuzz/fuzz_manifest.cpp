// libFuzzer target: the build manifest parser (a manifest comes from whoever publishes the app's
// sources). What parses must keep every destination inside the module's build directory, and the
// metadata written for it must be what `sandbox run` reads back as the same app.
#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/manifest.hpp"
#include "sandbox/run/app_metadata.hpp"

namespace {

namespace builder = sandbox::builder;
namespace fs = std::filesystem;

bool stays_inside(const std::string& relative) {
    const fs::path path(relative);
    if (path.is_absolute()) return false;
    for (const auto& part : path)
        if (part == "..") return false;
    return true;
}

void check_modules(const builder::Manifest& manifest) {
    for (const builder::Module& module : manifest.modules) {
        if (module.name.empty() || module.name.find('/') != std::string::npos ||
            module.name.starts_with("."))
            std::abort();
        for (const builder::Source& source : module.sources)
            if (!stays_inside(source.dest) || !stays_inside(source.dest_filename)) std::abort();
    }
}

// The metadata `sandbox build` commits must be accepted by `sandbox run` as the same deployment.
void check_metadata(const builder::Manifest& manifest) {
    auto metadata = builder::manifest_metadata(manifest, manifest.branch, "x86_64");
    if (!metadata) return;  // finish-args the builder refuses
    const sandbox::store::Ref ref{
        manifest.build_runtime ? sandbox::store::RefKind::Runtime : sandbox::store::RefKind::App,
        manifest.id, "x86_64", manifest.branch};
    sandbox::permissions::Warnings warnings;
    auto parsed = sandbox::run::parse_deployment_metadata(*metadata, ref, warnings);
    if (!parsed || parsed->name != manifest.id) std::abort();
    if (!manifest.build_runtime && parsed->command != manifest.command) std::abort();
}

}  // namespace

// A GLib critical (a g_return_if_fail() that failed, e.g. an invalid keyfile key) means a value
// was silently dropped: make it a crash.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_log_set_always_fatal(static_cast<GLogLevelFlags>(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The base directory is only joined to relative source paths, never read.
    auto manifest = builder::parse_manifest({reinterpret_cast<const char*>(data), size},
                                            "/nonexistent/manifest-dir");
    if (!manifest) return 0;
    check_modules(*manifest);
    check_metadata(*manifest);
    return 0;
}

// The metadata file in Flatpak's keyfile format: [Application] (name, runtime, sdk, command) or
// [Runtime] (name, runtime, sdk), then the groups finish-args make.

#include "sandbox/builder/build.hpp"
#include "sandbox/builder/finish_args.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/store/glib_handles.hpp"

namespace sandbox::builder {
namespace {

// `sandbox run` reads these groups with the permissions parser: a value it would refuse (an
// unknown filesystem location, an invalid bus name) is refused here, before anything is built,
// rather than committed into an app that can never start.
Status check_permission_groups(const std::string& metadata) {
    auto keyfile = permissions::parse_keyfile(metadata, "finish-args");
    if (!keyfile) return keyfile.take_error();
    permissions::Warnings warnings;  // names only a newer Flatpak knows: run skips them too
    auto context = permissions::context_from_keyfile(keyfile->get(), "finish-args", warnings);
    if (!context) return context.take_error();
    return ok_status();
}

}  // namespace

Result<std::string> manifest_metadata(const Manifest& manifest, const std::string& branch,
                                      const std::string& arch) {
    store::GKeyFilePtr key_file(g_key_file_new());
    GKeyFile* keys = key_file.get();
    const char* group = manifest.build_runtime ? "Runtime" : "Application";
    g_key_file_set_string(keys, group, "name", manifest.id.c_str());
    std::string runtime_id = manifest.build_runtime ? manifest.id : manifest.runtime;
    std::string runtime_branch = manifest.build_runtime ? branch : manifest.runtime_version;
    std::string runtime = runtime_id + "/" + arch + "/" + runtime_branch;
    std::string sdk_id = manifest.sdk.empty() ? runtime_id : manifest.sdk;
    g_key_file_set_string(keys, group, "runtime", runtime.c_str());
    g_key_file_set_string(keys, group, "sdk", (sdk_id + "/" + arch + "/" + runtime_branch).c_str());
    if (!manifest.command.empty())
        g_key_file_set_string(keys, group, "command", manifest.command.c_str());
    // An app of Debian packages is a layer over its runtime's /usr (docs/RUNTIMES.md).
    if (manifest.debian && !manifest.build_runtime)
        g_key_file_set_boolean(keys, group, "usr-overlay", TRUE);
    auto groups = context_from_finish_args(manifest.finish_args);
    if (!groups) return groups.take_error();
    for (const auto& metadata_group : *groups)
        for (const auto& [key, value] : metadata_group.entries)
            g_key_file_set_string(keys, metadata_group.name.c_str(), key.c_str(), value.c_str());
    store::GCharPtr text(g_key_file_to_data(keys, nullptr, nullptr));
    SANDBOX_TRY(check_permission_groups(text.get()));
    return std::string(text.get());
}

}  // namespace sandbox::builder

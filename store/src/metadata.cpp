#include "sandbox/store/metadata.hpp"

#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

// A key that is absent reads as ""; one that is present goes through the permissions layer's
// checks (no control characters after GKeyFile's unescaping, valid UTF-8).
Result<std::string> string_value(GKeyFile* key_file, const char* group, const char* key,
                                 const std::string& what) {
    if (!g_key_file_has_key(key_file, group, key, nullptr)) return std::string();
    return permissions::read_string(key_file, group, key, what);
}

std::vector<std::pair<std::string, std::string>> group_lines(GKeyFile* key_file,
                                                             const char* group) {
    std::vector<std::pair<std::string, std::string>> lines;
    gsize count = 0;
    GStrvPtr keys(g_key_file_get_keys(key_file, group, &count, nullptr));
    for (gsize i = 0; keys && i < count; ++i) {
        GCharPtr value(g_key_file_get_value(key_file, group, keys.get()[i], nullptr));
        lines.emplace_back(keys.get()[i], value ? value.get() : "");
    }
    return lines;
}

Status read_identity(GKeyFile* key_file, const char* group, const std::string& what,
                     Metadata& metadata) {
    auto name = string_value(key_file, group, "name", what);
    if (!name) return name.take_error();
    metadata.name = *name;
    if (!is_valid_id(metadata.name))
        return usage_error("The " + what + " names an invalid ID '" + printable(metadata.name) +
                           "'");
    auto runtime = string_value(key_file, group, "runtime", what);
    if (!runtime) return runtime.take_error();
    if (metadata.kind == RefKind::App) {
        auto runtime_ref = parse_runtime_field(*runtime);
        if (!runtime_ref)
            return usage_error("The " + what +
                               " has no valid runtime: " + runtime_ref.error().message());
        metadata.runtime = *runtime_ref;
    }
    auto sdk = string_value(key_file, group, "sdk", what);
    if (!sdk) return sdk.take_error();
    metadata.sdk = *sdk;
    auto command = string_value(key_file, group, "command", what);
    if (!command) return command.take_error();
    metadata.command = *command;
    return ok_status();
}

}  // namespace

Result<Metadata> parse_metadata(std::string_view text, const std::string& what) {
    // The checks `sandbox run` makes, so that nothing is installed that run would refuse.
    auto loaded = permissions::parse_keyfile(text, what);
    if (!loaded) return loaded.take_error();
    GKeyFile* key_file = loaded->get();
    Metadata metadata;
    metadata.text = std::string(text);
    const char* group = "Application";
    if (!g_key_file_has_group(key_file, group)) {
        group = "Runtime";
        metadata.kind = RefKind::Runtime;
        if (!g_key_file_has_group(key_file, group))
            return usage_error("The " + what + " has neither [Application] nor [Runtime]");
    }
    SANDBOX_TRY(read_identity(key_file, group, what, metadata));
    auto context = permissions::context_from_keyfile(key_file, what, metadata.warnings);
    if (!context) return context.take_error();
    metadata.context = group_lines(key_file, "Context");
    return metadata;
}

}  // namespace sandbox::store

#include "sandbox/store/metadata.hpp"

#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

std::string string_value(GKeyFile* key_file, const char* group, const char* key) {
    GCharPtr value(g_key_file_get_string(key_file, group, key, nullptr));
    return value ? value.get() : "";
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

Result<GKeyFilePtr> load_key_file(std::string_view text, const std::string& what) {
    if (text.find('\0') != std::string_view::npos)
        return usage_error("The " + what + " holds a NUL byte; it is not a metadata file");
    GKeyFilePtr key_file(g_key_file_new());
    GErrorSlot error;
    if (!g_key_file_load_from_data(key_file.get(), text.data(), text.size(), G_KEY_FILE_NONE,
                                   error.out()))
        return error.to_error("The " + what + " is not a valid keyfile");
    return key_file;
}

}  // namespace

Result<Metadata> parse_metadata(std::string_view text, const std::string& what) {
    auto loaded = load_key_file(text, what);
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
    metadata.name = string_value(key_file, group, "name");
    if (!is_valid_id(metadata.name))
        return usage_error("The " + what + " names an invalid ID '" + printable(metadata.name) +
                           "'");
    std::string runtime = string_value(key_file, group, "runtime");
    if (metadata.kind == RefKind::App) {
        auto runtime_ref = parse_runtime_field(runtime);
        if (!runtime_ref)
            return usage_error("The " + what +
                               " has no valid runtime: " + runtime_ref.error().message());
        metadata.runtime = *runtime_ref;
    }
    metadata.sdk = string_value(key_file, group, "sdk");
    metadata.command = string_value(key_file, group, "command");
    metadata.context = group_lines(key_file, "Context");
    return metadata;
}

}  // namespace sandbox::store

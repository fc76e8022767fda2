#include "sandbox/builder/manifest.hpp"

#include <json-glib/json-glib.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "sandbox/permissions/validation.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/ref.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::printable;

// One JSON object being read: every member must be taken, so what is left over is unknown.
class ObjectReader {
  public:
    ObjectReader(JsonObject* object, std::string where)
        : object_(object), where_(std::move(where)) {}

    Result<std::string> string(const char* key, bool required = false) {
        JsonNode* node = take(key);
        if (node == nullptr) {
            if (required) return usage_error(where_ + " needs \"" + key + "\"");
            return std::string();
        }
        if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
            return usage_error(where_ + ": \"" + key + "\" must be a string");
        return std::string(json_node_get_string(node));
    }

    Result<bool> boolean(const char* key) {
        JsonNode* node = take(key);
        if (node == nullptr) return false;
        if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
            return usage_error(where_ + ": \"" + key + "\" must be true or false");
        return json_node_get_boolean(node) != FALSE;
    }

    Result<std::vector<std::string>> strings(const char* key) {
        std::vector<std::string> values;
        JsonArray* array = nullptr;
        SANDBOX_TRY(take_array(key, array));
        for (guint i = 0; array != nullptr && i < json_array_get_length(array); ++i) {
            JsonNode* node = json_array_get_element(array, i);
            if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
                return usage_error(where_ + ": \"" + key + "\" must hold strings only");
            values.emplace_back(json_node_get_string(node));
        }
        return values;
    }

    Result<std::vector<JsonObject*>> objects(const char* key) {
        std::vector<JsonObject*> values;
        JsonArray* array = nullptr;
        SANDBOX_TRY(take_array(key, array));
        for (guint i = 0; array != nullptr && i < json_array_get_length(array); ++i) {
            JsonNode* node = json_array_get_element(array, i);
            if (!JSON_NODE_HOLDS_OBJECT(node))
                return usage_error(where_ + ": \"" + key + "\" must hold objects only");
            values.push_back(json_node_get_object(node));
        }
        return values;
    }

    // A member that must be an object; null when absent.
    Result<JsonObject*> object(const char* key) {
        JsonNode* node = take(key);
        if (node == nullptr) return static_cast<JsonObject*>(nullptr);
        if (!JSON_NODE_HOLDS_OBJECT(node))
            return usage_error(where_ + ": \"" + key + "\" must be an object");
        return json_node_get_object(node);
    }

    // A member of any type, for a parser of its own; null when absent.
    JsonNode* node(const char* key) { return take(key); }

    void rename(std::string where) { where_ = std::move(where); }

    // An error naming the first member nobody took.
    Status finish() const {
        GList* members = json_object_get_members(object_);
        std::string unknown;
        for (GList* item = members; item != nullptr && unknown.empty(); item = item->next)
            if (!taken_.contains(static_cast<const char*>(item->data)))
                unknown = static_cast<const char*>(item->data);
        g_list_free(members);
        if (unknown.empty()) return ok_status();
        return usage_error(where_ + ": unknown key \"" + printable(unknown) +
                           "\" (see docs/MANIFEST.md)");
    }

  private:
    JsonNode* take(const char* key) {
        taken_.insert(key);
        return json_object_has_member(object_, key) ? json_object_get_member(object_, key)
                                                    : nullptr;
    }

    Status take_array(const char* key, JsonArray*& array) {
        JsonNode* node = take(key);
        if (node == nullptr) return ok_status();
        if (!JSON_NODE_HOLDS_ARRAY(node))
            return usage_error(where_ + ": \"" + key + "\" must be a list");
        array = json_node_get_array(node);
        return ok_status();
    }

    JsonObject* object_;
    std::string where_;
    std::set<std::string> taken_;
};

// A path inside the build directory: relative, and never climbing out of it.
Status check_relative(const std::string& path, const std::string& where) {
    fs::path relative(path);
    bool climbs = false;
    for (const auto& part : relative) climbs = climbs || part == "..";
    if (relative.is_absolute() || climbs)
        return usage_error(where + ": \"" + printable(path) +
                           "\" must be a relative path without ..");
    return ok_status();
}

Result<Source> parse_source(JsonObject* object, const fs::path& base_dir,
                            const std::string& where) {
    ObjectReader reader(object, where);
    Source source;
    auto type = reader.string("type", true);
    if (!type) return type.take_error();
    if (*type == "dir") {
        source.type = SourceType::Dir;
    } else if (*type == "file") {
        source.type = SourceType::File;
    } else {
        return usage_error(where + ": source type \"" + printable(*type) +
                           "\" is not supported (use dir or file)");
    }
    auto path = reader.string("path", true);
    if (!path) return path.take_error();
    source.path = fs::path(*path).is_absolute() ? fs::path(*path) : base_dir / *path;
    auto dest = reader.string("dest");
    if (!dest) return dest.take_error();
    source.dest = *dest;
    SANDBOX_TRY(check_relative(source.dest, where));
    auto dest_filename = reader.string("dest-filename");
    if (!dest_filename) return dest_filename.take_error();
    source.dest_filename = *dest_filename;
    if (!source.dest_filename.empty()) SANDBOX_TRY(check_relative(source.dest_filename, where));
    SANDBOX_TRY(reader.finish());
    return source;
}

Result<Module> parse_module(JsonObject* object, const fs::path& base_dir, std::size_t index) {
    std::string where = "module " + std::to_string(index + 1);
    ObjectReader reader(object, where);
    Module module;
    auto name = reader.string("name", true);
    if (!name) return name.take_error();
    module.name = *name;
    where = "module " + printable(module.name);
    reader.rename(where);
    if (module.name.empty() || module.name.find('/') != std::string::npos ||
        module.name.starts_with("."))
        return usage_error(where + ": a module name must be a plain file name");
    auto buildsystem = reader.string("buildsystem");
    if (!buildsystem) return buildsystem.take_error();
    if (*buildsystem == "copy") {
        module.buildsystem = BuildSystem::Copy;
    } else if (!buildsystem->empty() && *buildsystem != "simple") {
        return usage_error(where + ": buildsystem \"" + printable(*buildsystem) +
                           "\" is not supported (use simple or copy)");
    }
    auto commands = reader.strings("build-commands");
    if (!commands) return commands.take_error();
    module.build_commands = *commands;
    auto sources = reader.objects("sources");
    if (!sources) return sources.take_error();
    for (JsonObject* source_object : *sources) {
        auto source = parse_source(source_object, base_dir, where);
        if (!source) return source.take_error();
        module.sources.push_back(std::move(*source));
    }
    SANDBOX_TRY(reader.finish());
    return module;
}

// Debian's rule for package names (Policy 5.6.1): what goes on apt's command line and nothing else.
bool is_debian_package_name(const std::string& name) {
    auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    };
    return name.size() >= 2 && std::isalnum(static_cast<unsigned char>(name[0])) &&
           std::all_of(name.begin(), name.end(), allowed);
}

// "deb URI SUITE [COMPONENT...]" on one line: written into apt's sources.list as it is.
Status check_debian_source(const std::string& source) {
    std::istringstream words(source);
    std::string word;
    std::vector<std::string> parts;
    while (words >> word) parts.push_back(word);
    bool plain = permissions::is_safe_text(source) && source.find('\n') == std::string::npos;
    if (!plain || parts.size() < 3 || parts[0] != "deb" ||
        parts[1].find("://") == std::string::npos)
        return usage_error("The manifest's debian source \"" + printable(source) +
                           "\" is not one line \"deb URI SUITE COMPONENT...\"");
    return ok_status();
}

Result<DebianSpec> parse_debian(JsonObject* object, const fs::path& base_dir) {
    const std::string where = "The manifest's \"debian\"";
    ObjectReader reader(object, where);
    DebianSpec spec;
    auto suite = reader.string("suite");
    auto sources = reader.strings("sources");
    auto packages = reader.strings("packages");
    auto lock = reader.string("lock");
    if (!suite) return suite.take_error();
    if (!sources) return sources.take_error();
    if (!packages) return packages.take_error();
    if (!lock) return lock.take_error();
    SANDBOX_TRY(reader.finish());
    if (!suite->empty()) spec.suite = *suite;
    if (!is_debian_package_name(spec.suite))
        return usage_error(where + ": suite \"" + printable(spec.suite) + "\" is not valid");
    spec.sources = sources->empty() ? default_debian_sources(spec.suite) : *sources;
    for (const std::string& source : spec.sources) SANDBOX_TRY(check_debian_source(source));
    if (packages->empty()) return usage_error(where + " needs \"packages\" (a list of names)");
    for (const std::string& name : *packages)
        if (!is_debian_package_name(name))
            return usage_error(where + ": \"" + printable(name) +
                               "\" is not a Debian package name");
    spec.packages = *packages;
    if (!lock->empty()) {
        SANDBOX_TRY(check_relative(*lock, where));
        spec.lock = base_dir / *lock;
    }
    return spec;
}

Status check_manifest(const Manifest& manifest) {
    if (!store::is_valid_id(manifest.id))
        return usage_error("The manifest's id \"" + printable(manifest.id) +
                           "\" is not a valid ID (reverse-DNS, like org.example.App)");
    if (!store::is_valid_branch(manifest.branch))
        return usage_error("The manifest's branch \"" + printable(manifest.branch) +
                           "\" is not valid");
    // Written into the metadata, where `sandbox run` refuses such a command.
    if (!permissions::is_safe_text(manifest.command))
        return usage_error("The manifest's command \"" + printable(manifest.command) +
                           "\" has control characters or invalid UTF-8");
    if (manifest.build_runtime) return ok_status();
    if (!store::is_valid_id(manifest.runtime))
        return usage_error("The manifest needs a valid \"runtime\" ID for an app");
    if (!store::is_valid_branch(manifest.runtime_version))
        return usage_error("The manifest needs a valid \"runtime-version\" for an app");
    if (!manifest.sdk.empty() && !store::is_valid_id(manifest.sdk))
        return usage_error("The manifest's sdk \"" + printable(manifest.sdk) + "\" is not valid");
    return ok_status();
}

Result<Manifest> read_top_level(JsonObject* object, const fs::path& base_dir) {
    ObjectReader reader(object, "The manifest");
    Manifest manifest;
    auto id = reader.string("id", true);
    auto branch = reader.string("branch");
    auto build_runtime = reader.boolean("build-runtime");
    auto runtime = reader.string("runtime");
    auto runtime_version = reader.string("runtime-version");
    auto sdk = reader.string("sdk");
    auto command = reader.string("command");
    auto finish_args = reader.strings("finish-args");
    auto modules = reader.objects("modules");
    auto debian = reader.object("debian");
    JsonNode* rename_desktop_file = reader.node("rename-desktop-file");
    JsonNode* rename_icon = reader.node("rename-icon");
    JsonNode* rename_appdata_file = reader.node("rename-appdata-file");
    JsonNode* copy_icon = reader.node("copy-icon");
    if (!id) return id.take_error();
    if (!branch) return branch.take_error();
    if (!build_runtime) return build_runtime.take_error();
    if (!runtime) return runtime.take_error();
    if (!runtime_version) return runtime_version.take_error();
    if (!sdk) return sdk.take_error();
    if (!command) return command.take_error();
    if (!finish_args) return finish_args.take_error();
    if (!modules) return modules.take_error();
    if (!debian) return debian.take_error();
    SANDBOX_TRY(reader.finish());
    manifest.id = *id;
    if (!branch->empty()) manifest.branch = *branch;
    manifest.build_runtime = *build_runtime;
    manifest.runtime = *runtime;
    manifest.runtime_version = *runtime_version;
    manifest.sdk = *sdk;
    manifest.command = *command;
    manifest.finish_args = *finish_args;
    for (std::size_t i = 0; i < modules->size(); ++i) {
        auto module = parse_module((*modules)[i], base_dir, i);
        if (!module) return module.take_error();
        manifest.modules.push_back(std::move(*module));
    }
    if (*debian != nullptr) {
        auto spec = parse_debian(*debian, base_dir);
        if (!spec) return spec.take_error();
        manifest.debian = std::move(*spec);
    }
    auto renames = parse_export_renames(manifest.id, rename_desktop_file, rename_icon,
                                        rename_appdata_file, copy_icon);
    if (!renames) return renames.take_error();
    manifest.renames = std::move(*renames);
    return manifest;
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view json, const fs::path& base_dir) {
    store::GObjectPtr<JsonParser> parser(json_parser_new());
    store::GErrorSlot error;
    if (!json_parser_load_from_data(parser.get(), json.data(), gssize(json.size()), error.out()))
        return error.to_error("The manifest is not valid JSON");
    JsonNode* root = json_parser_get_root(parser.get());
    if (root == nullptr || !JSON_NODE_HOLDS_OBJECT(root))
        return usage_error("The manifest must be a JSON object");
    auto manifest = read_top_level(json_node_get_object(root), base_dir);
    if (!manifest) return manifest.take_error();
    SANDBOX_TRY(check_manifest(*manifest));
    return manifest;
}

Result<Manifest> load_manifest(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) return system_error("Can't read manifest " + file.string());
    std::ostringstream content;
    content << stream.rdbuf();
    auto manifest = parse_manifest(content.str(), fs::absolute(file).parent_path());
    if (!manifest) return usage_error(file.string() + ": " + manifest.error().message());
    if (manifest->debian && manifest->debian->lock.empty())
        manifest->debian->lock = fs::absolute(file).replace_extension(".lock");
    return manifest;
}

}  // namespace sandbox::builder

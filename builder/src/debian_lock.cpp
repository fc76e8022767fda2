// The lock file: which version of every package, and the sha256 of its .deb (docs/RUNTIMES.md).
// JSON, one package per line, so that a change to the lock reads as a change to those packages.

#include <json-glib/json-glib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "debian_support.hpp"
#include "sandbox/builder/debian.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::printable;

bool only_chars(const std::string& text, const std::string& extra, bool alnum = true) {
    if (text.empty()) return false;
    return std::all_of(text.begin(), text.end(), [&](char c) {
        return (alnum && std::isalnum(static_cast<unsigned char>(c)) &&
                static_cast<unsigned char>(c) < 0x80) ||
               extra.find(c) != std::string::npos;
    });
}

bool is_hex64(const std::string& text) {
    return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// A pool path: relative, no "..", ending in .deb; it is appended to a mirror's URI.
bool is_pool_path(const std::string& path) {
    if (!only_chars(path, "._+~%/-") || path.front() == '/' || !path.ends_with(".deb"))
        return false;
    return path.find("..") == std::string::npos;
}

Status check_package(const LockedPackage& package, const std::string& where) {
    std::string problem;
    const unsigned char first = package.name.empty() ? 0 : package.name[0];
    if (!only_chars(package.name, "+-.") || !(std::islower(first) || std::isdigit(first)))
        problem = "name";
    else if (!only_chars(package.version, ".+~:-"))
        problem = "version";
    else if (!only_chars(package.architecture, "-"))
        problem = "architecture";
    else if (!is_hex64(package.sha256))
        problem = "sha256";
    else if (!is_pool_path(package.filename))
        problem = "filename";
    if (problem.empty()) return ok_status();
    return usage_error(where + ": package \"" + printable(package.name) + "\" has an invalid " +
                       problem + " (run sandbox build --update-lock to make a new lock)");
}

class LockReader {
  public:
    LockReader(JsonObject* object, std::string where) : object_(object), where_(std::move(where)) {}

    Result<std::string> string(const char* key) {
        taken_.insert(key);
        JsonNode* node = json_object_get_member(object_, key);
        if (node == nullptr || !JSON_NODE_HOLDS_VALUE(node) ||
            json_node_get_value_type(node) != G_TYPE_STRING)
            return usage_error(where_ + ": \"" + key + "\" must be a string");
        return std::string(json_node_get_string(node));
    }
    Result<std::int64_t> integer(const char* key) {
        taken_.insert(key);
        JsonNode* node = json_object_get_member(object_, key);
        if (node == nullptr || !JSON_NODE_HOLDS_VALUE(node) ||
            json_node_get_value_type(node) != G_TYPE_INT64 || json_node_get_int(node) < 0)
            return usage_error(where_ + ": \"" + key + "\" must be a number of seconds");
        return std::int64_t(json_node_get_int(node));
    }
    Result<JsonArray*> array(const char* key) {
        taken_.insert(key);
        JsonNode* node = json_object_get_member(object_, key);
        if (node == nullptr || !JSON_NODE_HOLDS_ARRAY(node))
            return usage_error(where_ + ": \"" + key + "\" must be a list");
        return json_node_get_array(node);
    }
    Status finish() const {
        GList* members = json_object_get_members(object_);
        std::string unknown;
        for (GList* item = members; item != nullptr && unknown.empty(); item = item->next)
            if (!taken_.contains(static_cast<const char*>(item->data)))
                unknown = static_cast<const char*>(item->data);
        g_list_free(members);
        if (unknown.empty()) return ok_status();
        return usage_error(where_ + ": unknown key \"" + printable(unknown) + "\"");
    }

  private:
    JsonObject* object_;
    std::string where_;
    std::set<std::string> taken_;
};

Result<LockedPackage> read_package(JsonNode* node, const std::string& where) {
    if (!JSON_NODE_HOLDS_OBJECT(node)) return usage_error(where + ": a package must be an object");
    LockReader reader(json_node_get_object(node), where);
    LockedPackage package;
    auto name = reader.string("name");
    auto version = reader.string("version");
    auto architecture = reader.string("architecture");
    auto sha256 = reader.string("sha256");
    auto filename = reader.string("filename");
    for (auto* field : {&name, &version, &architecture, &sha256, &filename})
        if (!*field) return field->take_error();
    SANDBOX_TRY(reader.finish());
    package = {*name, *version, *architecture, *sha256, *filename};
    SANDBOX_TRY(check_package(package, where));
    return package;
}

Result<DebianLock> read_lock_object(JsonObject* object, const std::string& where) {
    LockReader reader(object, where);
    DebianLock lock;
    auto suite = reader.string("suite");
    if (!suite) return suite.take_error();
    lock.suite = *suite;
    auto epoch = reader.integer("epoch");
    if (!epoch) return epoch.take_error();
    lock.epoch = *epoch;
    auto sources = reader.array("sources");
    if (!sources) return sources.take_error();
    for (guint i = 0; i < json_array_get_length(*sources); ++i) {
        JsonNode* node = json_array_get_element(*sources, i);
        if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
            return usage_error(where + ": \"sources\" must hold strings");
        lock.sources.emplace_back(json_node_get_string(node));
    }
    auto packages = reader.array("packages");
    if (!packages) return packages.take_error();
    for (guint i = 0; i < json_array_get_length(*packages); ++i) {
        auto package = read_package(json_array_get_element(*packages, i), where);
        if (!package) return package.take_error();
        if (!lock.packages.empty() && lock.packages.back().name >= package->name)
            return usage_error(where + ": packages must be sorted by name, each once (\"" +
                               printable(package->name) + "\")");
        lock.packages.push_back(std::move(*package));
    }
    SANDBOX_TRY(reader.finish());
    return lock;
}

std::string json_string(const std::string& text) {
    store::GObjectPtr<JsonGenerator> generator(json_generator_new());
    JsonNode* node = json_node_init_string(json_node_alloc(), text.c_str());
    json_generator_set_root(generator.get(), node);
    json_node_unref(node);
    store::GCharPtr data(json_generator_to_data(generator.get(), nullptr));
    return data.get();
}

std::string package_line(const LockedPackage& package) {
    return "{\"name\": " + json_string(package.name) +
           ", \"version\": " + json_string(package.version) +
           ", \"architecture\": " + json_string(package.architecture) +
           ", \"sha256\": " + json_string(package.sha256) +
           ", \"filename\": " + json_string(package.filename) + "}";
}

std::string lock_text(const DebianLock& lock) {
    std::string text = "{\n  \"suite\": " + json_string(lock.suite) +
                       ",\n  \"epoch\": " + std::to_string(lock.epoch) + ",\n  \"sources\": [";
    for (std::size_t i = 0; i < lock.sources.size(); ++i)
        text += std::string(i ? "," : "") + "\n    " + json_string(lock.sources[i]);
    text += "\n  ],\n  \"packages\": [";
    for (std::size_t i = 0; i < lock.packages.size(); ++i)
        text += std::string(i ? "," : "") + "\n    " + package_line(lock.packages[i]);
    return text + "\n  ]\n}\n";
}

}  // namespace

std::vector<std::string> default_debian_sources(const std::string& suite) {
    return {"deb http://deb.debian.org/debian " + suite + " main",
            "deb http://deb.debian.org/debian " + suite + "-updates main",
            "deb http://deb.debian.org/debian-security " + suite + "-security main"};
}

fs::path default_deb_cache() {
    const char* cache = std::getenv("XDG_CACHE_HOME");
    if (cache != nullptr && *cache == '/') return fs::path(cache) / "sandbox" / "debs";
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr && *home ? home : "/tmp") / ".cache" / "sandbox" / "debs";
}

Result<DebianLock> read_lock(const fs::path& file) {
    auto text = read_file(file);
    if (!text) return text.take_error();
    store::GObjectPtr<JsonParser> parser(json_parser_new());
    store::GErrorSlot error;
    if (!json_parser_load_from_data(parser.get(), text->data(), gssize(text->size()), error.out()))
        return error.to_error("The lock " + file.string() + " is not valid JSON");
    JsonNode* root = json_parser_get_root(parser.get());
    if (root == nullptr || !JSON_NODE_HOLDS_OBJECT(root))
        return usage_error("The lock " + file.string() + " must be a JSON object");
    return read_lock_object(json_node_get_object(root), "The lock " + file.string());
}

Status write_lock(const fs::path& file, const DebianLock& lock) {
    for (const LockedPackage& package : lock.packages)
        SANDBOX_TRY(check_package(package, "The new lock " + file.string()));
    fs::path temporary = file;
    temporary += ".tmp-" + std::to_string(::getpid());
    SANDBOX_TRY(write_file(temporary, lock_text(lock)));
    std::error_code error;
    fs::rename(temporary, file, error);
    if (error) {
        fs::remove(temporary, error);
        return system_error("Can't write " + file.string(), error.value());
    }
    return ok_status();
}

}  // namespace sandbox::builder

#include "sandbox/portals/documents/document_db.hpp"

#include <glib.h>

#include <cerrno>
#include <memory>

namespace sandbox::portals::documents {
namespace {

constexpr const char* kAppKeyPrefix = "app-";

struct KeyFileDeleter {
    void operator()(GKeyFile* file) const { g_key_file_free(file); }
};
using KeyFile = std::unique_ptr<GKeyFile, KeyFileDeleter>;

std::string take_string(gchar* text) {
    std::string result = text != nullptr ? text : "";
    g_free(text);
    return result;
}

// Paths may hold any byte; escaped they stay ASCII, which the keyfile reads back as written.
std::string escape(const std::string& bytes) {
    return take_string(g_strescape(bytes.c_str(), nullptr));
}
std::string unescape(const std::string& text) {
    return take_string(g_strcompress(text.c_str()));
}

std::string raw_value(GKeyFile* file, const char* group, const char* key) {
    return take_string(g_key_file_get_value(file, group, key, nullptr));
}

bool load_group(GKeyFile* file, const char* group, StoredDocument& document) {
    document.id = group;
    if (!is_valid_document_id(document.id)) return false;
    std::string path = unescape(raw_value(file, group, "path"));
    if (path.empty() || path.front() != '/') return false;
    document.host_path = path;
    document.directory = g_key_file_get_boolean(file, group, "directory", nullptr);
    document.named = g_key_file_get_boolean(file, group, "named", nullptr);
    document.dev = g_key_file_get_uint64(file, group, "device", nullptr);
    document.ino = g_key_file_get_uint64(file, group, "inode", nullptr);
    gsize key_count = 0;
    gchar** keys = g_key_file_get_keys(file, group, &key_count, nullptr);
    for (gsize i = 0; i < key_count; ++i) {
        std::string key = keys[i];
        if (!key.starts_with(kAppKeyPrefix)) continue;
        std::string app_id = key.substr(std::string(kAppKeyPrefix).size());
        gsize count = 0;
        gchar** names = g_key_file_get_string_list(file, group, keys[i], &count, nullptr);
        std::vector<std::string> list(names, names + count);
        g_strfreev(names);
        auto permissions = parse_permissions(list);
        if (is_valid_app_id(app_id) && permissions && permissions->any())
            document.apps[app_id] = *permissions;
    }
    g_strfreev(keys);
    return true;
}

void store_group(GKeyFile* file, const StoredDocument& document) {
    const char* group = document.id.c_str();
    g_key_file_set_value(file, group, "path", escape(document.host_path.string()).c_str());
    g_key_file_set_boolean(file, group, "directory", document.directory);
    g_key_file_set_boolean(file, group, "named", document.named);
    g_key_file_set_uint64(file, group, "device", document.dev);
    g_key_file_set_uint64(file, group, "inode", document.ino);
    for (const auto& [app_id, permissions] : document.apps) {
        std::vector<std::string> names = permission_names(permissions);
        std::vector<const gchar*> pointers;
        for (const auto& name : names) pointers.push_back(name.c_str());
        g_key_file_set_string_list(file, group, (kAppKeyPrefix + app_id).c_str(), pointers.data(),
                                   pointers.size());
    }
}

Error glib_error(const std::string& what, GError* error) {
    std::string message = what + ": " + (error != nullptr ? error->message : "unknown error");
    if (error != nullptr) g_error_free(error);
    return Error{message, 0};
}

}  // namespace

Result<std::vector<StoredDocument>> load_documents(const std::filesystem::path& db_file) {
    KeyFile file(g_key_file_new());
    GError* error = nullptr;
    if (!g_key_file_load_from_file(file.get(), db_file.c_str(), G_KEY_FILE_NONE, &error)) {
        if (g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_error_free(error);
            return std::vector<StoredDocument>{};
        }
        return glib_error("Can't read " + db_file.string(), error);
    }
    std::vector<StoredDocument> documents;
    gchar** groups = g_key_file_get_groups(file.get(), nullptr);
    for (gchar** group = groups; *group != nullptr; ++group) {
        StoredDocument document;
        if (load_group(file.get(), *group, document)) documents.push_back(std::move(document));
    }
    g_strfreev(groups);
    return documents;
}

Status save_documents(const std::filesystem::path& db_file,
                      const std::vector<StoredDocument>& documents) {
    if (g_mkdir_with_parents(db_file.parent_path().c_str(), 0700) != 0)
        return system_error("Can't create " + db_file.parent_path().string());
    KeyFile file(g_key_file_new());
    for (const auto& document : documents) store_group(file.get(), document);
    gsize length = 0;
    std::string data = take_string(g_key_file_to_data(file.get(), &length, nullptr));
    GError* error = nullptr;
    if (!g_file_set_contents_full(db_file.c_str(), data.data(), static_cast<gssize>(data.size()),
                                  G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        return glib_error("Can't write " + db_file.string(), error);
    return ok_status();
}

}  // namespace sandbox::portals::documents

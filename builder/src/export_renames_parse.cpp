#include "sandbox/builder/export_renames.hpp"

#include "sandbox/permissions/validation.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

using store::printable;

// A file or icon name in one directory: no path, nothing hidden, nothing the terminal would act on.
bool is_plain_name(const std::string& name) {
    return !name.empty() && name.size() <= 255 && name.find('/') == std::string::npos &&
           !name.starts_with('.') && permissions::is_safe_text(name);
}

// What exports accept: the ID itself or a name below it (ID.writer), then the suffix.
bool is_named_after(const std::string& name, const std::string& id, const std::string& suffix) {
    if (!name.ends_with(suffix)) return false;
    const std::string stem = name.substr(0, name.size() - suffix.size());
    return is_plain_name(name) &&
           (stem == id || (stem.starts_with(id + ".") && stem.size() > id.size() + 1));
}

Result<std::string> string_value(JsonNode* node, const char* key) {
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
        return usage_error(std::string("The manifest's \"") + key + "\" must be a string");
    return std::string(json_node_get_string(node));
}

// A string FROM (→ the ID's own name) or an object {FROM: TO}.
Result<std::vector<std::pair<std::string, std::string>>> renames(JsonNode* node, const char* key,
                                                                 const std::string& id,
                                                                 const std::string& suffix) {
    std::vector<std::pair<std::string, std::string>> pairs;
    if (node == nullptr) return pairs;
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObject* object = json_node_get_object(node);
        GList* members = json_object_get_members(object);
        for (GList* item = members; item != nullptr; item = item->next) {
            const char* from = static_cast<const char*>(item->data);
            auto to = string_value(json_object_get_member(object, from), key);
            if (!to) {
                g_list_free(members);
                return to.take_error();
            }
            pairs.emplace_back(from, *to);
        }
        g_list_free(members);
    } else {
        auto from = string_value(node, key);
        if (!from)
            return usage_error(std::string("The manifest's \"") + key +
                               "\" must be a name or an object {\"FROM\": \"TO\"}");
        pairs.emplace_back(*from, id + suffix);
    }
    for (const auto& [from, to] : pairs) {
        if (!is_plain_name(from) || !from.ends_with(suffix))
            return usage_error(std::string("The manifest's \"") + key + "\": \"" + printable(from) +
                               "\" is not a plain " +
                               (suffix.empty() ? "icon name" : "file name ending in " + suffix));
        if (!is_named_after(to, id, suffix))
            return usage_error(std::string("The manifest's \"") + key + "\": \"" + printable(to) +
                               "\" must be " + id + suffix + " or " + id + ".NAME" + suffix +
                               " (only names of the app's ID are exported)");
    }
    return pairs;
}

}  // namespace

Result<ExportRenames> parse_export_renames(const std::string& id, JsonNode* desktop_file,
                                           JsonNode* icon, JsonNode* appdata_file,
                                           JsonNode* copy_icon) {
    ExportRenames result;
    auto desktop_files = renames(desktop_file, "rename-desktop-file", id, ".desktop");
    if (!desktop_files) return desktop_files.take_error();
    result.desktop_files = std::move(*desktop_files);
    auto icons = renames(icon, "rename-icon", id, "");
    if (!icons) return icons.take_error();
    result.icons = std::move(*icons);
    if (appdata_file != nullptr) {
        auto name = string_value(appdata_file, "rename-appdata-file");
        if (!name) return name.take_error();
        if (!is_plain_name(*name) || !name->ends_with(".xml"))
            return usage_error("The manifest's \"rename-appdata-file\": \"" + printable(*name) +
                               "\" is not a plain file name ending in .xml");
        result.appdata_file = *name;
    }
    if (copy_icon != nullptr) {
        if (!JSON_NODE_HOLDS_VALUE(copy_icon) ||
            json_node_get_value_type(copy_icon) != G_TYPE_BOOLEAN)
            return usage_error("The manifest's \"copy-icon\" must be true or false");
        result.copy_icon = json_node_get_boolean(copy_icon) != FALSE;
    }
    return result;
}

}  // namespace sandbox::builder

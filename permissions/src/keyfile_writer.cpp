#include "sandbox/permissions/keyfile_writer.hpp"

#include <vector>

#include "sandbox/permissions/filesystem.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/permissions/names.hpp"

namespace sandbox::permissions {
namespace {

void set_list(GKeyFile* keyfile, const char* key, const std::vector<std::string>& items) {
    if (items.empty()) {
        g_key_file_remove_key(keyfile, kContextGroup, key, nullptr);
        return;
    }
    std::vector<const char*> pointers;
    for (const std::string& item : items) pointers.push_back(item.c_str());
    g_key_file_set_string_list(keyfile, kContextGroup, key, pointers.data(), pointers.size());
}

template <typename Name>
std::vector<std::string> toggle_items(const Toggles<Name>& toggles, bool flatten) {
    std::vector<std::string> items;
    for (const auto& [name, granted] : toggles) {
        if (granted)
            items.emplace_back(name_of(name));
        else if (!flatten)
            items.push_back("!" + std::string(name_of(name)));
    }
    return items;
}

std::vector<std::string> filesystem_items(const Context& context, bool flatten) {
    std::vector<std::string> items;
    if (context.filesystems_reset && !flatten) items.emplace_back("!host:reset");
    for (const auto& [location, mode] : context.filesystems) {
        if (mode == FilesystemMode::None && flatten) continue;
        if (mode == FilesystemMode::None && location == "host" && context.filesystems_reset &&
            !flatten)
            continue;  // implied by !host:reset
        items.push_back(unparse_filesystem(location, mode));
    }
    return items;
}

void write_bus_policy(GKeyFile* keyfile, const char* group,
                      const std::map<std::string, BusPolicy>& policies, bool flatten) {
    g_key_file_remove_group(keyfile, group, nullptr);
    for (const auto& [name, policy] : policies) {
        if (flatten && policy == BusPolicy::None) continue;
        g_key_file_set_string(keyfile, group, name.c_str(), std::string(name_of(policy)).c_str());
    }
}

// Unset variables go both in unset-environment and, as "NAME=", in [Environment]: Flatpak's older
// versions read an empty value as unset.
void write_environment(GKeyFile* keyfile, const Context& context) {
    g_key_file_remove_group(keyfile, kEnvironmentGroup, nullptr);
    std::vector<std::string> unset;
    for (const auto& [name, value] : context.environment) {
        g_key_file_set_string(keyfile, kEnvironmentGroup, name.c_str(),
                              value ? value->c_str() : "");
        if (!value) unset.push_back(name);
    }
    set_list(keyfile, "unset-environment", unset);
}

// GKeyFile refuses an "Encoding" key other than UTF-8 in a file's first group, so [Context] always
// comes first: otherwise `--env=Encoding=x` alone would save an override that cannot be read back.
void start_with_context_group(GKeyFile* keyfile) {
    g_key_file_set_string(keyfile, kContextGroup, "shared", "");
    g_key_file_remove_key(keyfile, kContextGroup, "shared", nullptr);
}

}  // namespace

void write_context(GKeyFile* keyfile, const Context& context, bool flatten) {
    set_list(keyfile, "shared", toggle_items(context.shared, flatten));
    set_list(keyfile, "sockets", toggle_items(context.sockets, flatten));
    set_list(keyfile, "devices", toggle_items(context.devices, flatten));
    set_list(keyfile, "features", toggle_items(context.features, flatten));
    set_list(keyfile, "filesystems", filesystem_items(context, flatten));
    set_list(keyfile, "persistent",
             std::vector<std::string>(context.persistent.begin(), context.persistent.end()));
    write_bus_policy(keyfile, kSessionBusGroup, context.session_bus, flatten);
    write_bus_policy(keyfile, kSystemBusGroup, context.system_bus, flatten);
    write_environment(keyfile, context);
}

std::string context_to_text(const Context& context, bool flatten) {
    KeyFile keyfile = new_keyfile();
    if (!context.environment.empty()) start_with_context_group(keyfile.get());
    write_context(keyfile.get(), context, flatten);
    return keyfile_to_text(keyfile.get());
}

}  // namespace sandbox::permissions

// A sandboxed caller's /.flatpak-info, believed only when the instance registry holds the very
// same text for a running instance: the registry is written by `sandbox run` in a directory no
// sandbox can reach (S49), so an app that forged a file in a namespace of its own gains nothing.

#include <glib.h>

#include <memory>

#include "sandbox/instances/instance.hpp"
#include "sandbox/portals/caller.hpp"

namespace sandbox::portals {
namespace {

struct KeyFileDeleter {
    void operator()(GKeyFile* keyfile) const { g_key_file_free(keyfile); }
};

std::string string_of(GKeyFile* keyfile, const char* group, const char* key) {
    std::unique_ptr<char, decltype(&g_free)> value(
        g_key_file_get_string(keyfile, group, key, nullptr), &g_free);
    return value ? std::string(value.get()) : std::string();
}

// An app id as `sandbox run` accepts them: reverse-DNS elements of [A-Za-z0-9_-].
bool is_app_id(const std::string& id) {
    if (id.empty() || id.size() > 255 || id.front() == '.' || id.back() == '.' ||
        id.find('.') == std::string::npos || id.find("..") != std::string::npos)
        return false;
    return id.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.") ==
           std::string::npos;
}

}  // namespace

Error unidentified_caller() {
    return usage_error("Portal operation not allowed: the caller cannot be identified");
}

Result<Caller> sandboxed_caller_from_info(const std::string& info_text,
                                          const std::filesystem::path& instances_dir) {
    if (info_text.empty() || info_text.size() > kMaxCallerInfoSize) return unidentified_caller();
    std::unique_ptr<GKeyFile, KeyFileDeleter> keyfile(g_key_file_new());
    if (!g_key_file_load_from_data(keyfile.get(), info_text.data(), info_text.size(),
                                   G_KEY_FILE_NONE, nullptr))
        return unidentified_caller();

    Caller caller;
    caller.kind = Caller::Kind::Sandboxed;
    caller.app_id = string_of(keyfile.get(), "Application", "name");
    caller.instance_id = string_of(keyfile.get(), "Instance", "instance-id");
    caller.app_path = string_of(keyfile.get(), "Instance", "app-path");
    caller.runtime_path = string_of(keyfile.get(), "Instance", "runtime-path");
    caller.info = info_text;
    if (!is_app_id(caller.app_id) || caller.instance_id.empty()) return unidentified_caller();

    auto recorded = instances::running_instance_info(instances_dir, caller.instance_id);
    if (!recorded || *recorded != info_text) return unidentified_caller();
    return caller;
}

}  // namespace sandbox::portals

#include "sandbox/run/instance_info.hpp"

#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"

namespace sandbox::run {
namespace {

void set(GKeyFile* keyfile, const char* group, const char* key, const std::string& value) {
    g_key_file_set_string(keyfile, group, key, value.c_str());
}

}  // namespace

std::string instance_info_text(const InstanceInfo& info, const permissions::Context& effective) {
    permissions::KeyFile keyfile = permissions::new_keyfile();
    GKeyFile* k = keyfile.get();
    set(k, "Application", "name", info.app_id);
    set(k, "Application", "runtime", info.runtime_ref);
    set(k, "Instance", "instance-id", info.instance_id);
    set(k, "Instance", "instance-path", info.instance_path);
    set(k, "Instance", "app-path", info.app_path);
    set(k, "Instance", "app-commit", info.app_commit);
    set(k, "Instance", "runtime-path", info.runtime_path);
    set(k, "Instance", "runtime-commit", info.runtime_commit);
    set(k, "Instance", "branch", info.branch);
    set(k, "Instance", "arch", info.arch);
    set(k, "Instance", "flatpak-version", kFlatpakCompatibleVersion);
    if (info.devel) g_key_file_set_boolean(k, "Instance", "devel", TRUE);
    permissions::write_context(k, effective, true);
    return permissions::keyfile_to_text(k);
}

}  // namespace sandbox::run

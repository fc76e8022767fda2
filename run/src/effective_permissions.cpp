#include "sandbox/run/effective_permissions.hpp"

#include "sandbox/permissions/overrides.hpp"
#include "sandbox/run/app_metadata.hpp"
#include "sandbox/run/deployment.hpp"

namespace sandbox::run {
namespace {

void add_installation_overrides(std::vector<std::filesystem::path>& files,
                                const store::InstallationLocation& installation,
                                const std::string& app_id) {
    const std::filesystem::path dir = store::overrides_dir(installation);
    files.push_back(dir / "global");
    files.push_back(dir / app_id);
}

}  // namespace

std::vector<std::filesystem::path> override_files(const store::InstallationLocation& installation,
                                                  const std::string& app_id) {
    std::vector<std::filesystem::path> files;
    const store::InstallationLocation user = store::user_installation();
    if (installation.base != user.base) add_installation_overrides(files, installation, app_id);
    add_installation_overrides(files, user, app_id);
    return files;
}

Result<permissions::Context> effective_permissions(
    const PermissionLayers& layers, const std::vector<std::filesystem::path>& overrides,
    permissions::Warnings& warnings) {
    permissions::Context effective;
    effective.environment = layers.runtime.environment;
    permissions::merge_into(effective, layers.app);
    for (const std::filesystem::path& file : overrides) {
        auto layer = permissions::load_override_file(file, warnings);
        if (!layer) return layer.take_error();
        permissions::merge_into(effective, *layer);
    }
    permissions::merge_into(effective, layers.command_line);
    return effective;
}

Result<permissions::Context> installed_app_permissions(
    const store::InstallationLocation& installation, const store::Ref& app,
    permissions::Warnings& warnings) {
    auto deployment = open_deployment(installation, app);
    if (!deployment) return deployment.take_error();
    if (!*deployment) return usage_error(app.str() + " is not installed");
    auto metadata = parse_deployment_metadata((*deployment)->metadata, app, warnings);
    if (!metadata) return metadata.take_error();
    PermissionLayers layers;
    layers.app = std::move(metadata->context);
    return effective_permissions(layers, override_files(installation, app.id), warnings);
}

}  // namespace sandbox::run

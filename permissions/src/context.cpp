#include "sandbox/permissions/context.hpp"

namespace sandbox::permissions {
namespace {

template <typename Map>
void overwrite(Map& base, const Map& layer) {
    for (const auto& [key, value] : layer) base.insert_or_assign(key, value);
}

}  // namespace

FilesystemMode filesystem_mode(const Context& context, const std::string& location) {
    auto found = context.filesystems.find(location);
    return found == context.filesystems.end() ? FilesystemMode::None : found->second;
}

void merge_into(Context& base, const Context& layer) {
    overwrite(base.shared, layer.shared);
    overwrite(base.sockets, layer.sockets);
    overwrite(base.devices, layer.devices);
    overwrite(base.features, layer.features);
    if (layer.filesystems_reset) {
        base.filesystems.clear();
        base.filesystems_reset = true;
    }
    overwrite(base.filesystems, layer.filesystems);
    base.persistent.insert(layer.persistent.begin(), layer.persistent.end());
    overwrite(base.environment, layer.environment);
    overwrite(base.session_bus, layer.session_bus);
    overwrite(base.system_bus, layer.system_bus);
}

}  // namespace sandbox::permissions

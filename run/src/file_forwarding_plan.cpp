#include "sandbox/run/file_forwarding_plan.hpp"

#include <optional>
#include <variant>
#include <vector>

#include "sandbox/run/document_mounts.hpp"
#include "sandbox/run/file_forwarding_uri.hpp"

namespace sandbox::run {
namespace {

// One mount of the sandbox as far as a host path is concerned: where it is, and whether what is
// there is the host's own directory of that name.
struct Layer {
    std::string dest;
    bool same_host_path = false;
};

bool is_within(const std::string& path, const std::string& dir) {
    if (dir.empty() || !path.starts_with(dir)) return false;
    return path.size() == dir.size() || dir.back() == '/' || path[dir.size()] == '/';
}

std::optional<Layer> layer_of(const launcher::MountOp& op) {
    if (const auto* bind = std::get_if<launcher::BindMount>(&op)) {
        const auto* source = std::get_if<launcher::HostPath>(&bind->source);
        return Layer{bind->dest, source != nullptr && source->path == bind->dest};
    }
    if (const auto* tmpfs = std::get_if<launcher::TmpfsMount>(&op)) return Layer{tmpfs->dest};
    return std::nullopt;
}

// In the order plan_builder mounts them: the filesystem permissions, the app's own directory
// (its subdirectories are its own too), what is bound into it, the --persist directories.
std::vector<Layer> layers_of(const PlanInputs& inputs) {
    std::vector<Layer> layers;
    for (const launcher::MountOp& op : inputs.filesystems.mounts)
        if (auto layer = layer_of(op)) layers.push_back(*layer);
    if (!inputs.app_dirs.path.empty()) layers.push_back({inputs.app_dirs.path, true});
    for (const launcher::MountOp& op : inputs.filesystems.app_dir_mounts)
        if (auto layer = layer_of(op)) layers.push_back(*layer);
    if (!inputs.filesystems.home_access)
        for (const PersistentDir& persistent : inputs.persistent)
            layers.push_back({persistent.dest, false});
    return layers;
}

}  // namespace

ForwardTarget forward_target(const AppArgument& argument) {
    switch (argument.kind) {
        case ArgumentKind::Plain:
            return {};
        case ArgumentKind::File:
            return {ForwardTarget::Kind::Path, argument.text};
        case ArgumentKind::Uri:
            break;
    }
    if (is_file_uri(argument.text)) {
        auto path = path_of_file_uri(argument.text);
        if (!path) return {ForwardTarget::Kind::Invalid, {}};
        return {ForwardTarget::Kind::Path, *path};
    }
    if (argument.text.starts_with('/')) return {ForwardTarget::Kind::Path, argument.text};
    return {};
}

bool visible_at_same_path(const PlanInputs& inputs, const std::string& real_path) {
    if (!real_path.starts_with('/')) return false;
    bool visible = false;
    for (const Layer& layer : layers_of(inputs))
        if (is_within(real_path, layer.dest)) visible = layer.same_host_path;
    return visible;
}

std::string document_path_inside(uid_t uid, const std::string& doc_id, const std::string& name) {
    return sandbox_document_dir(uid) + "/" + doc_id + "/" + name;
}

std::string forwarded_argument(const AppArgument& argument, const std::string& path_inside) {
    return argument.kind == ArgumentKind::Uri ? file_uri_of_path(path_inside) : path_inside;
}

std::string unforwarded_argument(const AppArgument& argument) {
    if (argument.kind == ArgumentKind::File && argument.text.starts_with('-'))
        return "./" + argument.text;
    return argument.text;
}

}  // namespace sandbox::run

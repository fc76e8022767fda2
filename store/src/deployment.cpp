#include "sandbox/store/deployment.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <sstream>

#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInfoGroup = "Deployment";

Result<std::string> read_text_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return system_error("Can't read " + path.string());
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

// The target of `active`, or "" when there is none.
Result<std::string> active_commit(const InstallationLocation& installation, const Ref& ref) {
    fs::path link = active_deployment(installation, ref);
    char target[256];
    ssize_t length = ::readlink(link.c_str(), target, sizeof target);
    if (length < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::string();
        return system_error("Can't read " + link.string());
    }
    std::string commit(target, static_cast<std::size_t>(length));
    if (!is_valid_commit(commit))
        return usage_error(link.string() + " points at '" + printable(commit) +
                           "', not a deployment; reinstall " + ref.str());
    return commit;
}

std::vector<std::string> subdirectory_names(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(dir, ignored)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with(".") && entry.is_directory(ignored)) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

bool is_valid_commit(std::string_view text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::string format_deployment_info(const DeploymentInfo& info) {
    GKeyFilePtr key_file(g_key_file_new());
    g_key_file_set_string(key_file.get(), kInfoGroup, "ref", info.ref.str().c_str());
    g_key_file_set_string(key_file.get(), kInfoGroup, "commit", info.commit.c_str());
    g_key_file_set_string(key_file.get(), kInfoGroup, "origin", info.origin.c_str());
    g_key_file_set_uint64(key_file.get(), kInfoGroup, "installed-size", info.installed_size);
    GCharPtr text(g_key_file_to_data(key_file.get(), nullptr, nullptr));
    return text.get();
}

Result<DeploymentInfo> parse_deployment_info(std::string_view text) {
    GKeyFilePtr key_file(g_key_file_new());
    GErrorSlot error;
    if (!g_key_file_load_from_data(key_file.get(), text.data(), text.size(), G_KEY_FILE_NONE,
                                   error.out()))
        return error.to_error("Invalid deployment file");
    auto value = [&](const char* key) {
        GCharPtr found(g_key_file_get_string(key_file.get(), kInfoGroup, key, nullptr));
        return std::string(found ? found.get() : "");
    };
    auto ref = parse_ref(value("ref"));
    if (!ref) return ref.take_error();
    DeploymentInfo info{*ref, value("commit"), value("origin"), 0};
    info.installed_size =
        g_key_file_get_uint64(key_file.get(), kInfoGroup, "installed-size", nullptr);
    return info;
}

Result<std::optional<Deployment>> find_deployment(const InstallationLocation& installation,
                                                  const Ref& ref) {
    auto commit = active_commit(installation, ref);
    if (!commit) return commit.take_error();
    if (commit->empty()) return std::optional<Deployment>();
    Deployment deployment{installation, ref, *commit, deployment_dir(installation, ref, *commit),
                          "",           0};
    if (auto text = read_text_file(deployment.dir / kDeploymentInfoFile)) {
        if (auto info = parse_deployment_info(*text)) {
            deployment.origin = info->origin;
            deployment.installed_size = info->installed_size;
        }
    }
    return std::optional<Deployment>(std::move(deployment));
}

Result<std::vector<Deployment>> list_deployments(const InstallationLocation& installation) {
    std::vector<Deployment> found;
    for (RefKind kind : {RefKind::App, RefKind::Runtime}) {
        fs::path kind_dir = installation.base / (kind == RefKind::App ? "app" : "runtime");
        for (const auto& id : subdirectory_names(kind_dir))
            for (const auto& arch : subdirectory_names(kind_dir / id))
                for (const auto& branch : subdirectory_names(kind_dir / id / arch)) {
                    Ref ref{kind, id, arch, branch};
                    if (!is_valid_id(id) || !is_valid_branch(arch) || !is_valid_branch(branch))
                        continue;
                    auto deployment = find_deployment(installation, ref);
                    if (!deployment) return deployment.take_error();
                    if (*deployment) found.push_back(std::move(**deployment));
                }
    }
    return found;
}

Result<Deployment> find_installed(const InstallationLocation& installation,
                                  const PartialRef& partial) {
    auto deployments = list_deployments(installation);
    if (!deployments) return deployments.take_error();
    std::vector<Deployment> matching;
    for (auto& deployment : *deployments)
        if (matches(partial, deployment.ref, default_arch())) matching.push_back(deployment);
    if (matching.empty())
        return usage_error(partial.str() + " is not installed in " + installation.base.string() +
                           " (see 'sandbox list')");
    if (matching.size() > 1) {
        std::string names;
        for (const auto& deployment : matching)
            names += (names.empty() ? "" : ", ") + deployment.ref.str();
        return usage_error(partial.str() + " matches several installed refs: " + names +
                           "; name one of them");
    }
    return matching.front();
}

Result<Metadata> read_metadata(const Deployment& deployment) {
    auto text = read_text_file(deployment.metadata_file());
    if (!text) return text.take_error();
    return parse_metadata(*text, "metadata of " + deployment.ref.str());
}

}  // namespace sandbox::store

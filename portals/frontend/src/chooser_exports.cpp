#include "chooser_exports.hpp"

#include <glib.h>
#include <unistd.h>

#include <memory>

#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals {
namespace {

using GCharPtr = std::unique_ptr<char, decltype(&g_free)>;

// The local path of a file:// URI without a host part; empty otherwise.
std::string local_path_of(const std::string& uri) {
    if (!uri.starts_with("file://")) return {};
    char* host = nullptr;
    GCharPtr path(g_filename_from_uri(uri.c_str(), &host, nullptr), &g_free);
    GCharPtr host_owner(host, &g_free);
    if (!path || (host != nullptr && host[0] != '\0')) return {};
    return path.get();
}

documents::DocumentPermissions grants_for(const ChosenFiles& chosen) {
    documents::DocumentPermissions grants;
    grants.read = true;
    grants.grant_permissions = true;
    grants.write = chosen.writable || chosen.purpose == ChosenFor::Saving;
    return grants;
}

}  // namespace

std::string document_uri(const std::string& doc_id, const std::string& name) {
    const std::string path =
        "/run/user/" + std::to_string(::getuid()) + "/doc/" + doc_id + "/" + name;
    GCharPtr uri(g_filename_to_uri(path.c_str(), nullptr, nullptr), &g_free);
    return uri ? std::string(uri.get()) : std::string();
}

Result<std::vector<std::string>> uris_for_caller(const ChosenFiles& chosen, const Caller& caller,
                                                 documents::DocumentStore& store) {
    std::vector<std::string> uris;
    for (const std::string& uri : chosen.uris) {
        const std::string path = local_path_of(uri);
        if (path.empty() || path.front() != '/') continue;
        if (caller.is_host()) {
            uris.push_back(uri);
            continue;
        }
        documents::ExportOptions options;
        options.named = chosen.purpose == ChosenFor::Saving;
        options.directory = chosen.directory;
        auto doc_id = store.export_for_app(path, caller.app_id, grants_for(chosen), options);
        if (!doc_id) return doc_id.take_error();
        const std::string name = std::filesystem::path(path).filename().string();
        uris.push_back(document_uri(*doc_id, name));
    }
    return uris;
}

}  // namespace sandbox::portals

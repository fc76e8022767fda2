#pragma once

// One entry of the document store: a host file (or directory) that apps were given, and what
// each app may do with it.

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"

namespace sandbox::portals::documents {

struct DocumentPermissions {
    bool read = false, write = false, grant_permissions = false, remove = false;

    [[nodiscard]] bool any() const { return read || write || grant_permissions || remove; }
    // Every permission of `other` is also one of these.
    [[nodiscard]] bool covers(const DocumentPermissions& other) const;
    bool operator==(const DocumentPermissions&) const = default;
};

DocumentPermissions operator|(const DocumentPermissions& a, const DocumentPermissions& b);
// The permissions of `a` that `b` does not have.
DocumentPermissions without(const DocumentPermissions& a, const DocumentPermissions& b);

// The D-Bus names: "read", "write", "grant-permissions", "delete". std::nullopt names the first
// unknown one through `unknown`.
std::optional<DocumentPermissions> parse_permissions(const std::vector<std::string>& names,
                                                     std::string* unknown = nullptr);
std::vector<std::string> permission_names(const DocumentPermissions& permissions);

struct ExportOptions {
    bool reuse_existing = true;
    bool persistent = true;
    bool named = false;
    bool directory = false;
};

// A snapshot of one document, safe to use after the store's lock is released.
struct DocumentInfo {
    std::string id;
    std::filesystem::path host_path;  // parent / name
    std::string name;                 // what the document is called in its FUSE directory
    bool directory = false;
    bool persistent = false;
    // The host path's parent, opened O_PATH when the document was exported (or loaded): the FUSE
    // side opens `name` relative to it without following links. Invalid if it was gone at load.
    std::shared_ptr<const UniqueFd> parent_dir;
    std::map<std::string, DocumentPermissions> apps;

    [[nodiscard]] DocumentPermissions permissions_of(const std::string& app_id) const;
};

// 8 characters of [a-z0-9].
[[nodiscard]] bool is_valid_document_id(const std::string& id);
// What may name a by-app directory: a reverse-DNS name of [A-Za-z0-9_-] elements, at least two,
// at most 255 characters.
[[nodiscard]] bool is_valid_app_id(const std::string& app_id);
// A single path element a document may be called: not empty, ".", ".." and without '/' or NUL.
[[nodiscard]] bool is_valid_document_name(const std::string& name);

}  // namespace sandbox::portals::documents

#pragma once

// The table of documents, shared by the FUSE thread and the D-Bus thread (every member locks).
// Persistent documents are written to the database file on every change; transient ones live
// until the service exits.

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/documents/document.hpp"

namespace sandbox::portals::documents {

class DocumentStore {
  public:
    // Loads the persistent documents of `db_file` (missing: an empty store). An empty path keeps
    // everything in memory.
    static Result<std::unique_ptr<DocumentStore>> open(const std::filesystem::path& db_file);

    DocumentStore(const DocumentStore&) = delete;
    DocumentStore& operator=(const DocumentStore&) = delete;
    ~DocumentStore();

    // host_path: the file (or with named=true: PARENT/NAME, the parent must exist, NAME may not).
    // Grants `permissions` to `app_id` unless it is empty. Returns the document's id.
    Result<std::string> export_for_app(const std::filesystem::path& host_path,
                                       const std::string& app_id, DocumentPermissions permissions,
                                       ExportOptions options);

    // Adds `permissions` to what `app_id` has on the document.
    Status grant(const std::string& id, const std::string& app_id, DocumentPermissions permissions);
    // Takes `permissions` away; an app left with none is dropped from the document.
    Status revoke(const std::string& id, const std::string& app_id,
                  DocumentPermissions permissions);
    Status remove(const std::string& id);
    // The document's host file was replaced (an app saved it by renaming a new file over it):
    // the store now stands for the new file, so that exporting its path again finds this
    // document.
    Status follow_replaced_file(const std::string& id);

    [[nodiscard]] std::optional<DocumentInfo> find(const std::string& id) const;
    // The document exported for exactly this host path, if any.
    [[nodiscard]] std::optional<std::string> lookup(const std::filesystem::path& host_path) const;
    // Every document, or with `app_id` the ones that app has a permission on.
    [[nodiscard]] std::vector<DocumentInfo> list(const std::string& app_id = {}) const;
    [[nodiscard]] DocumentPermissions permissions(const std::string& id,
                                                  const std::string& app_id) const;
    // Every app with a permission on some document.
    [[nodiscard]] std::vector<std::string> apps() const;

  private:
    struct Entry;

    explicit DocumentStore(std::filesystem::path db_file);
    std::string new_id_locked() const;
    Entry* reusable_locked(const std::filesystem::path& host_path, const struct stat* st,
                           const ExportOptions& options);
    Status save_locked() const;
    static DocumentInfo snapshot(const Entry& entry);

    mutable std::mutex mutex_;
    std::filesystem::path db_file_;
    std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace sandbox::portals::documents

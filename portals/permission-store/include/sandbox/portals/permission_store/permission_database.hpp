#pragma once

// The permission store's tables, one file each in a directory (the service's is
// $XDG_DATA_HOME/sandbox/db). Both the portal and `sandbox permissions`/`permission-reset` edit
// the files, so every change reloads the table under the directory's lock and replaces its file
// atomically, and every read reloads a table whose file changed (device, inode, mtime, size).
//
// Each change is reported to the subscribers, whether this object made it or found it on disk
// (another process's): the service turns them into PermissionStore.Changed signals, so in-process
// users (the frontend) need not know about the service.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/portals/permission_store/permission_table.hpp"

namespace sandbox::portals {

struct FileStamp;

struct PermissionChange {
    std::string table;
    std::string id;
    bool deleted = false;
    PermissionEntry entry;  // the new one; the last one seen when deleted
};

class PermissionDatabase {
  public:
    using Subscriber = std::function<void(const PermissionChange&)>;

    // Opens (making it, 0700, with its parents) the database in `directory`.
    static Result<std::unique_ptr<PermissionDatabase>> open(const std::filesystem::path& directory);
    // $XDG_DATA_HOME/sandbox/db, $XDG_DATA_HOME defaulting to ~/.local/share.
    static Result<std::filesystem::path> default_directory();

    PermissionDatabase(const PermissionDatabase&) = delete;
    PermissionDatabase& operator=(const PermissionDatabase&) = delete;
    ~PermissionDatabase();

    [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }

    // Reads. A table with no file is empty. Errors: a bad name, an unreadable or corrupt file.
    Result<std::vector<std::string>> table_names();
    Result<bool> has_table(const std::string& table);
    Result<PermissionTable> table(const std::string& table);
    Result<std::vector<std::string>> ids(const std::string& table);
    Result<std::optional<PermissionEntry>> lookup(const std::string& table, const std::string& id);
    // The app's permissions in the entry (empty when it has none); nullopt: no such entry.
    Result<std::optional<std::vector<std::string>>> get_permission(const std::string& table,
                                                                   const std::string& id,
                                                                   const std::string& app);

    // Changes. Those returning bool return false, changing nothing, when the entry does not
    // exist and `create` is false (or, for the deletes, when there is nothing to delete).
    Status set_entry(const std::string& table, const std::string& id, PermissionEntry entry);
    Result<bool> delete_entry(const std::string& table, const std::string& id);
    Result<bool> set_data(const std::string& table, const std::string& id, GVariantRef data,
                          bool create);
    // Empty `permissions` removes the app from the entry.
    Result<bool> set_permission(const std::string& table, const std::string& id,
                                const std::string& app, std::vector<std::string> permissions,
                                bool create);
    Result<bool> delete_permission(const std::string& table, const std::string& id,
                                   const std::string& app);
    // Removes `app` from every entry of every table; the number of entries changed.
    Result<std::size_t> reset_app(const std::string& app);
    // Removes every app's permissions from every entry of every table (data is kept).
    Result<std::size_t> reset_all_apps();

    // Reloads every table read so far whose file changed, reporting the changes (for a caller
    // with a timer or an inotify watch; reads and changes do it for their own table anyway).
    Status check_for_changes();

    std::size_t subscribe(Subscriber subscriber);
    void unsubscribe(std::size_t subscription);

  private:
    struct CachedTable;
    enum class EditOutcome { NotFound, Unchanged, Changed };
    using Edit = std::function<EditOutcome(PermissionTable&)>;

    PermissionDatabase(std::filesystem::path directory, UniqueFd dir_fd);

    // The table as on disk now (cached while its file is unchanged), reporting what changed.
    Result<PermissionTable> current(const std::string& table);
    // Under the lock: reloads, edits, writes when the edit changed something, reports. False
    // when the edit found nothing to act on.
    Result<bool> modify(const std::string& table, const Edit& edit);
    // modify() on every table file; the number of entries the edits changed.
    Result<std::size_t> modify_every_table(
        const std::function<std::size_t(PermissionTable&)>& edit);
    void report(const std::vector<PermissionChange>& changes);
    // Records `fresh` as the table's state; the differences from the last state seen.
    std::vector<PermissionChange> remember(const std::string& table, PermissionTable fresh,
                                           const FileStamp& stamp);

    std::filesystem::path directory_;
    UniqueFd dir_fd_;
    std::mutex mutex_;  // the cache; subscribers are called without it
    std::map<std::string, std::unique_ptr<CachedTable>> cache_;
    std::map<std::size_t, Subscriber> subscribers_;
    std::size_t next_subscription_ = 1;
};

}  // namespace sandbox::portals

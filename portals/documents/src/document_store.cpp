#include "sandbox/portals/documents/document_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "document_entry.hpp"
#include "document_id.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::portals::documents {
namespace {

std::shared_ptr<const UniqueFd> open_parent_dir(const std::filesystem::path& parent) {
    auto fd = open_path(AT_FDCWD, parent.string(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    return std::make_shared<const UniqueFd>(fd ? std::move(fd.value()) : UniqueFd());
}

Result<std::filesystem::path> normal_host_path(const std::filesystem::path& host_path) {
    std::filesystem::path path = host_path.lexically_normal();
    if (!path.is_absolute()) return usage_error("Not an absolute path: " + host_path.string());
    if (!path.has_filename()) path = path.parent_path();
    if (!is_valid_document_name(path.filename().string()))
        return usage_error("No file name in " + host_path.string());
    return path;
}

// The file as it is now, without following a link in its last element: a symlink is refused, a
// missing file is fine only for a named document.
Status check_target(int parent_fd, const std::string& name, const ExportOptions& options,
                    struct stat& st) {
    if (fstatat(parent_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT && options.named) {
            st = {};
            return ok_status();
        }
        return system_error("Can't export " + name);
    }
    bool right_type = options.directory ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
    if (!right_type)
        return system_error("Can't export " + name, options.directory ? ENOTDIR : EINVAL);
    return ok_status();
}

}  // namespace

DocumentStore::DocumentStore(std::filesystem::path db_file) : db_file_(std::move(db_file)) {}
DocumentStore::~DocumentStore() = default;

Result<std::unique_ptr<DocumentStore>> DocumentStore::open(const std::filesystem::path& db_file) {
    std::unique_ptr<DocumentStore> store(new DocumentStore(db_file));
    if (db_file.empty()) return store;
    auto documents = load_documents(db_file);
    if (!documents) return documents.take_error();
    for (auto& document : documents.value()) {
        auto entry = std::make_unique<Entry>();
        entry->parent_dir = open_parent_dir(document.host_path.parent_path());
        entry->persistent = true;
        entry->stored = std::move(document);
        std::string id = entry->stored.id;
        store->entries_.emplace(id, std::move(entry));
    }
    return store;
}

Result<std::string> DocumentStore::export_for_app(const std::filesystem::path& host_path,
                                                  const std::string& app_id,
                                                  DocumentPermissions permissions,
                                                  ExportOptions options) {
    if (!app_id.empty() && !is_valid_app_id(app_id)) return usage_error("Invalid app id " + app_id);
    auto path = normal_host_path(host_path);
    if (!path) return path.take_error();
    auto parent_dir = open_parent_dir(path->parent_path());
    if (!parent_dir->valid()) return system_error("Can't open " + path->parent_path().string());
    std::string name = path->filename().string();
    struct stat st {};
    SANDBOX_TRY(check_target(parent_dir->get(), name, options, st));

    std::lock_guard lock(mutex_);
    Entry* entry = reusable_locked(*path, &st, options);
    if (entry == nullptr) {
        auto fresh = std::make_unique<Entry>();
        fresh->stored = {new_id_locked(), *path, options.directory, options.named, st.st_dev,
                         st.st_ino,       {}};
        fresh->parent_dir = parent_dir;
        entry = fresh.get();
        entries_.emplace(entry->stored.id, std::move(fresh));
    }
    entry->persistent = entry->persistent || options.persistent;
    if (!app_id.empty() && permissions.any())
        entry->stored.apps[app_id] = entry->stored.apps[app_id] | permissions;
    std::string id = entry->stored.id;
    if (entry->persistent) SANDBOX_TRY(save_locked());
    return id;
}

DocumentStore::Entry* DocumentStore::reusable_locked(const std::filesystem::path& host_path,
                                                     const struct stat* st,
                                                     const ExportOptions& options) {
    if (!options.reuse_existing) return nullptr;
    for (auto& [id, entry] : entries_) {
        const StoredDocument& stored = entry->stored;
        if (stored.host_path != host_path || stored.directory != options.directory) continue;
        bool either_missing = stored.ino == 0 || st->st_ino == 0;
        if (either_missing || (stored.dev == st->st_dev && stored.ino == st->st_ino))
            return entry.get();
    }
    return nullptr;
}

std::string DocumentStore::new_id_locked() const {
    std::string id;
    do {
        id = random_document_id();
    } while (entries_.contains(id));
    return id;
}

Status DocumentStore::grant(const std::string& id, const std::string& app_id,
                            DocumentPermissions permissions) {
    if (!is_valid_app_id(app_id)) return usage_error("Invalid app id " + app_id);
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return system_error("No document " + id, ENOENT);
    Entry& entry = *found->second;
    if (!permissions.any()) return ok_status();
    entry.stored.apps[app_id] = entry.stored.apps[app_id] | permissions;
    return entry.persistent ? save_locked() : ok_status();
}

Status DocumentStore::revoke(const std::string& id, const std::string& app_id,
                             DocumentPermissions permissions) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return system_error("No document " + id, ENOENT);
    Entry& entry = *found->second;
    auto app = entry.stored.apps.find(app_id);
    if (app == entry.stored.apps.end()) return ok_status();
    app->second = without(app->second, permissions);
    if (!app->second.any()) entry.stored.apps.erase(app);
    return entry.persistent ? save_locked() : ok_status();
}

Status DocumentStore::remove(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return system_error("No document " + id, ENOENT);
    bool persistent = found->second->persistent;
    entries_.erase(found);
    return persistent ? save_locked() : ok_status();
}

Status DocumentStore::follow_replaced_file(const std::string& id) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return system_error("No document " + id, ENOENT);
    Entry& entry = *found->second;
    if (!entry.parent_dir || !entry.parent_dir->valid())
        return system_error("No directory for document " + id, ENOENT);
    struct stat st {};
    std::string name = entry.stored.host_path.filename().string();
    if (fstatat(entry.parent_dir->get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return system_error("Can't stat " + entry.stored.host_path.string());
    if (!S_ISREG(st.st_mode) || entry.stored.directory)
        return system_error("Not a regular file: " + entry.stored.host_path.string(), EINVAL);
    if (entry.stored.dev == st.st_dev && entry.stored.ino == st.st_ino) return ok_status();
    entry.stored.dev = st.st_dev;
    entry.stored.ino = st.st_ino;
    return entry.persistent ? save_locked() : ok_status();
}

std::optional<DocumentInfo> DocumentStore::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return std::nullopt;
    return snapshot(*found->second);
}

std::optional<std::string> DocumentStore::lookup(const std::filesystem::path& host_path) const {
    auto path = normal_host_path(host_path);
    if (!path) return std::nullopt;
    std::lock_guard lock(mutex_);
    for (const auto& [id, entry] : entries_)
        if (entry->stored.host_path == *path) return id;
    return std::nullopt;
}

std::vector<DocumentInfo> DocumentStore::list(const std::string& app_id) const {
    std::lock_guard lock(mutex_);
    std::vector<DocumentInfo> result;
    for (const auto& [id, entry] : entries_)
        if (app_id.empty() || entry->stored.apps.contains(app_id))
            result.push_back(snapshot(*entry));
    return result;
}

DocumentPermissions DocumentStore::permissions(const std::string& id,
                                               const std::string& app_id) const {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(id);
    if (found == entries_.end()) return {};
    auto app = found->second->stored.apps.find(app_id);
    return app == found->second->stored.apps.end() ? DocumentPermissions{} : app->second;
}

std::vector<std::string> DocumentStore::apps() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> result;
    for (const auto& [id, entry] : entries_)
        for (const auto& [app_id, permissions] : entry->stored.apps) result.push_back(app_id);
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    return result;
}

Status DocumentStore::save_locked() const {
    if (db_file_.empty()) return ok_status();
    std::vector<StoredDocument> documents;
    for (const auto& [id, entry] : entries_)
        if (entry->persistent) documents.push_back(entry->stored);
    return save_documents(db_file_, documents);
}

DocumentInfo DocumentStore::snapshot(const Entry& entry) {
    const StoredDocument& stored = entry.stored;
    return DocumentInfo{stored.id,        stored.host_path, stored.host_path.filename().string(),
                        stored.directory, entry.persistent, entry.parent_dir,
                        stored.apps};
}

}  // namespace sandbox::portals::documents

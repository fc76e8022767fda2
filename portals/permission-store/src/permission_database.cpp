#include "sandbox/portals/permission_store/permission_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

#include "sandbox/portals/permission_store/permission_names.hpp"
#include "table_file.hpp"

namespace sandbox::portals {

struct PermissionDatabase::CachedTable {
    PermissionTable entries;
    FileStamp stamp;
};

namespace {

std::vector<PermissionChange> differences(const std::string& table, const PermissionTable& before,
                                          const PermissionTable& after) {
    std::vector<PermissionChange> changes;
    for (const auto& [id, entry] : before)
        if (!after.contains(id)) changes.push_back({table, id, true, entry});
    for (const auto& [id, entry] : after) {
        const auto old = before.find(id);
        if (old == before.end() || !(old->second == entry))
            changes.push_back({table, id, false, entry});
    }
    return changes;
}

Status make_private_directory(const std::filesystem::path& directory) {
    std::error_code error;
    std::filesystem::create_directories(directory.parent_path(), error);
    if (error) return Error{"Can't create " + directory.parent_path().string(), error.value()};
    if (::mkdir(directory.c_str(), 0700) < 0 && errno != EEXIST)
        return system_error("Can't create " + directory.string());
    return ok_status();
}

std::size_t remove_app_everywhere(PermissionTable& table, const std::string& app) {
    std::size_t changed = 0;
    for (auto& [id, entry] : table) changed += entry.apps.erase(app);
    return changed;
}

std::size_t remove_every_app(PermissionTable& table) {
    std::size_t changed = 0;
    for (auto& [id, entry] : table) {
        if (entry.apps.empty()) continue;
        entry.apps.clear();
        ++changed;
    }
    return changed;
}

Status check_entry_key(const std::string& table, const std::string& id) {
    SANDBOX_TRY(check_table_name(table));
    return check_entry_id(id);
}

}  // namespace

Result<std::unique_ptr<PermissionDatabase>> PermissionDatabase::open(
    const std::filesystem::path& directory) {
    SANDBOX_TRY(make_private_directory(directory));
    UniqueFd dir_fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir_fd) return system_error("Can't open " + directory.string());
    return std::unique_ptr<PermissionDatabase>(
        new PermissionDatabase(directory, std::move(dir_fd)));  // private constructor
}

Result<std::filesystem::path> PermissionDatabase::default_directory() {
    const char* data_home = std::getenv("XDG_DATA_HOME");
    if (data_home != nullptr && data_home[0] == '/')
        return std::filesystem::path(data_home) / "sandbox" / "db";
    const char* home = std::getenv("HOME");
    if (home == nullptr || home[0] != '/')
        return usage_error("Neither XDG_DATA_HOME nor HOME is set to an absolute path");
    return std::filesystem::path(home) / ".local" / "share" / "sandbox" / "db";
}

PermissionDatabase::PermissionDatabase(std::filesystem::path directory, UniqueFd dir_fd)
    : directory_(std::move(directory)), dir_fd_(std::move(dir_fd)) {}

PermissionDatabase::~PermissionDatabase() = default;

Result<std::vector<std::string>> PermissionDatabase::table_names() {
    return list_table_files(dir_fd_.get());
}

Result<bool> PermissionDatabase::has_table(const std::string& table) {
    SANDBOX_TRY(check_table_name(table));
    auto stamp = stamp_table_file(dir_fd_.get(), table);
    if (!stamp) return stamp.take_error();
    return stamp->exists;
}

Result<PermissionTable> PermissionDatabase::table(const std::string& table) {
    SANDBOX_TRY(check_table_name(table));
    return current(table);
}

Result<std::vector<std::string>> PermissionDatabase::ids(const std::string& table) {
    auto entries = this->table(table);
    if (!entries) return entries.take_error();
    std::vector<std::string> result;
    for (const auto& [id, entry] : *entries) result.push_back(id);
    return result;
}

Result<std::optional<PermissionEntry>> PermissionDatabase::lookup(const std::string& table,
                                                                  const std::string& id) {
    SANDBOX_TRY(check_entry_key(table, id));
    auto entries = current(table);
    if (!entries) return entries.take_error();
    const auto found = entries->find(id);
    if (found == entries->end()) return std::optional<PermissionEntry>{};
    return std::optional<PermissionEntry>(found->second);
}

Result<std::optional<std::vector<std::string>>> PermissionDatabase::get_permission(
    const std::string& table, const std::string& id, const std::string& app) {
    SANDBOX_TRY(check_app_id(app));
    auto entry = lookup(table, id);
    if (!entry) return entry.take_error();
    if (!entry->has_value()) return std::optional<std::vector<std::string>>{};
    const auto found = (*entry)->apps.find(app);
    if (found == (*entry)->apps.end()) return std::optional(std::vector<std::string>{});
    return std::optional(found->second);
}

Status PermissionDatabase::set_entry(const std::string& table, const std::string& id,
                                     PermissionEntry entry) {
    SANDBOX_TRY(check_entry_key(table, id));
    for (const auto& [app, permissions] : entry.apps) {
        SANDBOX_TRY(check_app_id(app));
        for (const std::string& permission : permissions)
            SANDBOX_TRY(check_permission_string(permission));
    }
    auto done = modify(table, [&](PermissionTable& entries) {
        auto [slot, inserted] = entries.try_emplace(id);
        if (!inserted && slot->second == entry) return EditOutcome::Unchanged;
        slot->second = std::move(entry);
        return EditOutcome::Changed;
    });
    if (!done) return done.take_error();
    return ok_status();
}

Result<bool> PermissionDatabase::delete_entry(const std::string& table, const std::string& id) {
    SANDBOX_TRY(check_entry_key(table, id));
    return modify(table, [&](PermissionTable& entries) {
        return entries.erase(id) > 0 ? EditOutcome::Changed : EditOutcome::NotFound;
    });
}

Result<bool> PermissionDatabase::set_data(const std::string& table, const std::string& id,
                                          GVariantRef data, bool create) {
    SANDBOX_TRY(check_entry_key(table, id));
    return modify(table, [&](PermissionTable& entries) {
        auto found = entries.find(id);
        if (found == entries.end() && !create) return EditOutcome::NotFound;
        PermissionEntry& entry = entries[id];
        if (found != entries.end() && entry.data == data) return EditOutcome::Unchanged;
        entry.data = std::move(data);
        return EditOutcome::Changed;
    });
}

Result<bool> PermissionDatabase::set_permission(const std::string& table, const std::string& id,
                                                const std::string& app,
                                                std::vector<std::string> permissions, bool create) {
    SANDBOX_TRY(check_entry_key(table, id));
    SANDBOX_TRY(check_app_id(app));
    for (const std::string& permission : permissions)
        SANDBOX_TRY(check_permission_string(permission));
    return modify(table, [&](PermissionTable& entries) {
        auto found = entries.find(id);
        if (found == entries.end() && !create) return EditOutcome::NotFound;
        const bool created = found == entries.end();
        AppPermissions& apps = entries[id].apps;
        const auto current = apps.find(app);
        if (permissions.empty()) {
            if (current == apps.end())
                return created ? EditOutcome::Changed : EditOutcome::Unchanged;
            apps.erase(current);
        } else if (current != apps.end() && current->second == permissions) {
            return EditOutcome::Unchanged;
        } else {
            apps[app] = std::move(permissions);
        }
        return EditOutcome::Changed;
    });
}

Result<bool> PermissionDatabase::delete_permission(const std::string& table, const std::string& id,
                                                   const std::string& app) {
    SANDBOX_TRY(check_entry_key(table, id));
    SANDBOX_TRY(check_app_id(app));
    return modify(table, [&](PermissionTable& entries) {
        auto found = entries.find(id);
        if (found == entries.end()) return EditOutcome::NotFound;
        return found->second.apps.erase(app) > 0 ? EditOutcome::Changed : EditOutcome::Unchanged;
    });
}

Result<std::size_t> PermissionDatabase::reset_app(const std::string& app) {
    SANDBOX_TRY(check_app_id(app));
    return modify_every_table(
        [&](PermissionTable& entries) { return remove_app_everywhere(entries, app); });
}

Result<std::size_t> PermissionDatabase::reset_all_apps() {
    return modify_every_table(remove_every_app);
}

Status PermissionDatabase::check_for_changes() {
    std::vector<std::string> known;
    {
        std::lock_guard guard(mutex_);
        for (const auto& [name, cached] : cache_) known.push_back(name);
    }
    for (const std::string& name : known) {
        auto entries = current(name);
        if (!entries) return entries.take_error();
    }
    return ok_status();
}

std::size_t PermissionDatabase::subscribe(Subscriber subscriber) {
    std::lock_guard guard(mutex_);
    subscribers_.emplace(next_subscription_, std::move(subscriber));
    return next_subscription_++;
}

void PermissionDatabase::unsubscribe(std::size_t subscription) {
    std::lock_guard guard(mutex_);
    subscribers_.erase(subscription);
}

Result<PermissionTable> PermissionDatabase::current(const std::string& table) {
    auto stamp = stamp_table_file(dir_fd_.get(), table);
    if (!stamp) return stamp.take_error();
    {
        std::lock_guard guard(mutex_);
        const auto cached = cache_.find(table);
        if (cached != cache_.end() && cached->second->stamp == *stamp)
            return cached->second->entries;
    }
    auto loaded = load_table_file(dir_fd_.get(), table);
    if (!loaded) return loaded.take_error();
    report(remember(table, loaded->entries, loaded->stamp));
    return std::move(loaded->entries);
}

Result<bool> PermissionDatabase::modify(const std::string& table, const Edit& edit) {
    auto lock = lock_database_directory(dir_fd_.get());
    if (!lock) return lock.take_error();
    auto loaded = load_table_file(dir_fd_.get(), table);
    if (!loaded) return loaded.take_error();
    // What another process changed since we last looked is reported before our own change,
    // both once the lock is released: a subscriber may change the database in turn.
    std::vector<PermissionChange> changes = remember(table, loaded->entries, loaded->stamp);
    PermissionTable edited = loaded->entries;
    const EditOutcome outcome = edit(edited);
    const auto remember_written = [&]() -> Status {
        auto stamp = stamp_table_file(dir_fd_.get(), table);
        if (!stamp) return stamp.take_error();
        for (PermissionChange& change : remember(table, std::move(edited), *stamp))
            changes.push_back(std::move(change));
        return ok_status();
    };
    Status written = ok_status();
    if (outcome == EditOutcome::Changed) {
        written = write_table_file(dir_fd_.get(), table, edited);
        if (written) written = remember_written();
    }
    lock->reset();
    report(changes);
    if (!written) return written.take_error();
    return outcome != EditOutcome::NotFound;
}

Result<std::size_t> PermissionDatabase::modify_every_table(
    const std::function<std::size_t(PermissionTable&)>& edit) {
    auto names = table_names();
    if (!names) return names.take_error();
    std::size_t changed = 0;
    for (const std::string& name : *names) {
        auto done = modify(name, [&](PermissionTable& entries) {
            const std::size_t count = edit(entries);
            changed += count;
            return count > 0 ? EditOutcome::Changed : EditOutcome::Unchanged;
        });
        if (!done) return done.take_error();
    }
    return changed;
}

std::vector<PermissionChange> PermissionDatabase::remember(const std::string& table,
                                                           PermissionTable fresh,
                                                           const FileStamp& stamp) {
    std::lock_guard guard(mutex_);
    auto& cached = cache_[table];
    if (!cached) {
        cached = std::make_unique<CachedTable>(CachedTable{std::move(fresh), stamp});
        return {};
    }
    std::vector<PermissionChange> changes = differences(table, cached->entries, fresh);
    cached->entries = std::move(fresh);
    cached->stamp = stamp;
    return changes;
}

void PermissionDatabase::report(const std::vector<PermissionChange>& changes) {
    if (changes.empty()) return;
    std::vector<Subscriber> subscribers;
    {
        std::lock_guard guard(mutex_);
        for (const auto& [id, subscriber] : subscribers_) subscribers.push_back(subscriber);
    }
    for (const PermissionChange& change : changes)
        for (const Subscriber& subscriber : subscribers) subscriber(change);
}

}  // namespace sandbox::portals

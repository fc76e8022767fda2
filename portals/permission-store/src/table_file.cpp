#include "table_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>

#include "sandbox/common/files.hpp"
#include "sandbox/portals/permission_store/permission_names.hpp"

namespace sandbox::portals {
namespace {

constexpr std::string_view kMagic = "sandbox-permission-table 1\n";
constexpr const char* kTableType = "a{s(a{sas}mv)}";
constexpr const char* kLockFile = ".lock";
constexpr unsigned long long kResolveInside = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS;

FileStamp stamp_from(const struct stat& status) {
    return FileStamp{true, status.st_dev, status.st_ino, status.st_mtim, status.st_size};
}

GVariant* app_permissions_to_gvariant(const AppPermissions& apps) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sas}"));
    for (const auto& [app, permissions] : apps) {
        GVariantBuilder list;
        g_variant_builder_init(&list, G_VARIANT_TYPE_STRING_ARRAY);
        for (const std::string& permission : permissions)
            g_variant_builder_add(&list, "s", permission.c_str());
        g_variant_builder_add(&builder, "{sas}", app.c_str(), &list);
    }
    return g_variant_builder_end(&builder);
}

GVariant* entry_to_gvariant(const PermissionEntry& entry) {
    GVariant* data = entry.data ? g_variant_new_variant(entry.data.get()) : nullptr;
    return g_variant_new("(@a{sas}@mv)", app_permissions_to_gvariant(entry.apps),
                         g_variant_new_maybe(G_VARIANT_TYPE_VARIANT, data));
}

AppPermissions app_permissions_from_gvariant(GVariant* apps) {
    AppPermissions result;
    GVariantIter iter;
    g_variant_iter_init(&iter, apps);
    const gchar* app = nullptr;
    GVariant* list = nullptr;
    while (g_variant_iter_next(&iter, "{&s@as}", &app, &list)) {
        std::vector<std::string>& permissions = result[app];
        gsize count = 0;
        const gchar** strings = g_variant_get_strv(list, &count);
        permissions.assign(strings, strings + count);
        g_free(static_cast<gpointer>(strings));
        g_variant_unref(list);
    }
    return result;
}

PermissionEntry entry_from_gvariant(GVariant* value) {
    GVariant* apps = nullptr;
    GVariant* maybe_data = nullptr;
    g_variant_get(value, "(@a{sas}@mv)", &apps, &maybe_data);
    PermissionEntry entry;
    entry.apps = app_permissions_from_gvariant(apps);
    if (GVariant* boxed = g_variant_get_maybe(maybe_data)) {
        entry.data = GVariantRef::take(g_variant_get_variant(boxed));
        g_variant_unref(boxed);
    }
    g_variant_unref(apps);
    g_variant_unref(maybe_data);
    return entry;
}

std::string temporary_name(const std::string& table) {
    return "." + table + ".new";
}

Status sync_and_rename(int dir_fd, int fd, const std::string& from, const std::string& to) {
    if (::fsync(fd) < 0) return system_error("Can't write the permission table " + to);
    if (::renameat(dir_fd, from.c_str(), dir_fd, to.c_str()) < 0)
        return system_error("Can't replace the permission table " + to);
    ::fsync(dir_fd);  // durability of the rename; the data is already consistent without it
    return ok_status();
}

}  // namespace

bool operator==(const FileStamp& a, const FileStamp& b) {
    if (!a.exists || !b.exists) return a.exists == b.exists;
    return a.device == b.device && a.inode == b.inode && a.size == b.size &&
           a.mtime.tv_sec == b.mtime.tv_sec && a.mtime.tv_nsec == b.mtime.tv_nsec;
}

std::string serialize_table(const PermissionTable& table) {
    GVariantBuilder builder;
    g_variant_builder_init(&builder, G_VARIANT_TYPE(kTableType));
    for (const auto& [id, entry] : table)
        g_variant_builder_add(&builder, "{s@(a{sas}mv)}", id.c_str(), entry_to_gvariant(entry));
    GVariantRef value = GVariantRef::take(g_variant_builder_end(&builder));
    if (G_BYTE_ORDER == G_BIG_ENDIAN) value = GVariantRef::take(g_variant_byteswap(value.get()));
    std::string bytes(kMagic);
    bytes.append(static_cast<const char*>(g_variant_get_data(value.get())),
                 g_variant_get_size(value.get()));
    return bytes;
}

Result<PermissionTable> parse_table(std::string_view file_contents) {
    if (!file_contents.starts_with(kMagic))
        return usage_error("Not a permission table file (bad header)");
    file_contents.remove_prefix(kMagic.size());
    // A fresh, malloc-aligned copy: GVariant needs its data aligned.
    GBytes* bytes = g_bytes_new(file_contents.data(), file_contents.size());
    GVariantRef value =
        GVariantRef::take(g_variant_new_from_bytes(G_VARIANT_TYPE(kTableType), bytes, FALSE));
    g_bytes_unref(bytes);
    if (G_BYTE_ORDER == G_BIG_ENDIAN) value = GVariantRef::take(g_variant_byteswap(value.get()));
    if (!g_variant_is_normal_form(value.get())) return usage_error("Corrupt permission table file");
    PermissionTable table;
    GVariantIter iter;
    g_variant_iter_init(&iter, value.get());
    const gchar* id = nullptr;
    GVariant* entry = nullptr;
    while (g_variant_iter_next(&iter, "{&s@(a{sas}mv)}", &id, &entry)) {
        table[id] = entry_from_gvariant(entry);
        g_variant_unref(entry);
    }
    return table;
}

Result<FileStamp> stamp_table_file(int dir_fd, const std::string& table) {
    struct stat status {};
    if (::fstatat(dir_fd, table.c_str(), &status, AT_SYMLINK_NOFOLLOW) < 0) {
        if (errno == ENOENT) return FileStamp{};
        return system_error("Can't stat the permission table " + table);
    }
    return stamp_from(status);
}

Result<LoadedTable> load_table_file(int dir_fd, const std::string& table) {
    auto fd = open_path(dir_fd, table, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, kResolveInside);
    if (!fd) {
        if (fd.error().code == ENOENT) return LoadedTable{};
        return fd.take_error();
    }
    struct stat status {};
    if (::fstat(fd->get(), &status) < 0)
        return system_error("Can't stat the permission table " + table);
    if (!S_ISREG(status.st_mode))
        return usage_error("The permission table " + table + " is not a regular file");
    if (static_cast<std::size_t>(status.st_size) > kMaxTableFileSize)
        return usage_error("The permission table " + table + " is too large");
    auto contents = read_all(fd->get());
    if (!contents) return contents.take_error();
    auto entries = parse_table(*contents);
    if (!entries) return usage_error(entries.error().what + ": " + table);
    return LoadedTable{std::move(*entries), stamp_from(status)};
}

Status write_table_file(int dir_fd, const std::string& table, const PermissionTable& entries) {
    const std::string temporary = temporary_name(table);
    if (::unlinkat(dir_fd, temporary.c_str(), 0) < 0 && errno != ENOENT)
        return system_error("Can't remove the stale " + temporary);
    UniqueFd fd(::openat(dir_fd, temporary.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) return system_error("Can't create " + temporary);
    Status written = write_all(fd.get(), serialize_table(entries));
    if (written) written = sync_and_rename(dir_fd, fd.get(), temporary, table);
    if (!written) ::unlinkat(dir_fd, temporary.c_str(), 0);
    return written;
}

Result<std::vector<std::string>> list_table_files(int dir_fd) {
    const int listing_fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (listing_fd < 0) return system_error("Can't open the permission database directory");
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(listing_fd), ::closedir);
    if (!dir) {
        ::close(listing_fd);
        return system_error("Can't read the permission database directory");
    }
    std::vector<std::string> names;
    while (const dirent* item = ::readdir(dir.get())) {
        const std::string name = item->d_name;
        struct stat status {};
        if (!check_table_name(name)) continue;
        if (::fstatat(dir_fd, name.c_str(), &status, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(status.st_mode))
            names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

Result<UniqueFd> lock_database_directory(int dir_fd) {
    auto fd = open_path(dir_fd, kLockFile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                        kResolveInside, 0600);
    if (!fd) return fd.take_error();
    while (::flock(fd->get(), LOCK_EX) < 0)
        if (errno != EINTR) return system_error("Can't lock the permission database");
    return fd;
}

}  // namespace sandbox::portals

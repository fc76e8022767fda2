// libFuzzer target: what decides who a caller is and which backend draws its dialogs.
// - The input as a caller's /.flatpak-info, given to sandboxed_caller_from_info against an empty
//   instance registry: never believed. Then against a registry holding one running instance
//   (its .ref read-locked by a child process, as `sandbox run` holds it) whose info file is the
//   input: believed exactly when the text is a keyfile naming an app and this instance, and then
//   with those names; one byte more and it is not believed.
// - The input as `.portal` files (split at form feeds; the first part is XDG_CURRENT_DESKTOP)
//   read by read_portal_files from a directory: choose_backend picks a file that implements the
//   interface, one used in the desktop when there is one, the first by file name.
#include <fcntl.h>
#include <glib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/portals/backends.hpp"
#include "sandbox/portals/caller.hpp"

namespace {

namespace fs = std::filesystem;
namespace portals = sandbox::portals;

constexpr const char* kInstanceId = "4242";
constexpr std::size_t kMaxPortalFiles = 6;
const std::vector<std::string> kInterfaces{"org.freedesktop.impl.portal.FileChooser",
                                           "org.freedesktop.impl.portal.AppChooser"};

void check(bool condition) {
    if (!condition) std::abort();
}

// Made once; removed by the exit handler. The child holding the instance's lock leaves when the
// fuzzer does (its pipe end reads EOF).
struct Scratch {
    fs::path root;
    fs::path empty_registry;
    fs::path registry;
    fs::path info_file;
    fs::path portal_dir;
};

Scratch* scratch = nullptr;

void remove_scratch() {
    std::error_code ignored;
    if (scratch != nullptr) fs::remove_all(scratch->root, ignored);
}

void hold_instance_lock(const fs::path& ref_file) {
    int ready[2], lifetime[2];
    check(::pipe(ready) == 0 && ::pipe2(lifetime, O_CLOEXEC) == 0);
    const pid_t child = ::fork();
    check(child >= 0);
    if (child == 0) {
        ::close(ready[0]);
        ::close(lifetime[1]);
        const int fd = ::open(ref_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        struct flock lock {};
        lock.l_type = F_RDLCK;
        lock.l_whence = SEEK_SET;
        if (fd < 0 || ::fcntl(fd, F_SETLK, &lock) != 0) ::_exit(1);
        if (::write(ready[1], "y", 1) != 1) ::_exit(1);
        char byte;
        while (::read(lifetime[0], &byte, 1) > 0) {
        }
        ::_exit(0);
    }
    ::close(ready[1]);
    ::close(lifetime[0]);  // lifetime[1] stays open, unread, until the fuzzer exits
    char byte = 0;
    check(::read(ready[0], &byte, 1) == 1 && byte == 'y');
    ::close(ready[0]);
}

void write_file(const fs::path& path, std::string_view text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    check(fd >= 0);
    check(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
}

struct KeyFileDeleter {
    void operator()(GKeyFile* keyfile) const { g_key_file_free(keyfile); }
};

std::optional<std::string> keyfile_string(GKeyFile* keyfile, const char* group, const char* key) {
    char* value = g_key_file_get_string(keyfile, group, key, nullptr);
    if (value == nullptr) return std::nullopt;
    std::string text(value);
    g_free(value);
    return text;
}

// A reverse-DNS app id: dot-separated non-empty elements of [A-Za-z0-9_-], at least two.
bool is_reverse_dns(const std::string& id) {
    if (id.empty() || id.size() > 255 || id.find('.') == std::string::npos) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = std::min(id.find('.', start), id.size());
        if (end == start) return false;
        for (std::size_t i = start; i < end; ++i)
            if (!g_ascii_isalnum(id[i]) && id[i] != '_' && id[i] != '-') return false;
        if (end == id.size()) return true;
        start = end + 1;
    }
}

// Whether the portal should believe `text` from an app whose registry entry holds `text`.
bool names_app_and_this_instance(const std::string& text, std::string& app_id) {
    if (text.empty() || text.size() > portals::kMaxCallerInfoSize) return false;
    std::unique_ptr<GKeyFile, KeyFileDeleter> keyfile(g_key_file_new());
    if (!g_key_file_load_from_data(keyfile.get(), text.data(), text.size(), G_KEY_FILE_NONE,
                                   nullptr))
        return false;
    app_id = keyfile_string(keyfile.get(), "Application", "name").value_or("");
    return is_reverse_dns(app_id) &&
           keyfile_string(keyfile.get(), "Instance", "instance-id") == std::string(kInstanceId);
}

void check_caller_info(const std::string& text) {
    check(!portals::sandboxed_caller_from_info(text, scratch->empty_registry));

    write_file(scratch->info_file, text);
    auto caller = portals::sandboxed_caller_from_info(text, scratch->registry);
    std::string app_id;
    const bool expected = names_app_and_this_instance(text, app_id);
    check(static_cast<bool>(caller) == expected);
    if (caller) {
        check(!caller->is_host() && caller->kind == portals::Caller::Kind::Sandboxed);
        check(caller->app_id == app_id && caller->instance_id == kInstanceId);
        check(caller->info == text);
    } else {
        check(!caller.error().message().empty());
    }
    // Word for word: the same text with anything added is another file.
    check(!portals::sandboxed_caller_from_info(text + "\n", scratch->registry));
}

std::vector<std::string> split(std::string_view text, char separator, std::size_t max_parts) {
    std::vector<std::string> parts;
    while (parts.size() + 1 < max_parts) {
        const std::size_t end = text.find(separator);
        if (end == std::string_view::npos) break;
        parts.emplace_back(text.substr(0, end));
        text.remove_prefix(end + 1);
    }
    parts.emplace_back(text);
    return parts;
}

void check_backend_choice(const std::string& text) {
    std::error_code ignored;
    fs::remove_all(scratch->portal_dir, ignored);
    fs::create_directory(scratch->portal_dir);
    const std::vector<std::string> parts = split(text, '\f', kMaxPortalFiles + 1);
    const std::vector<std::string> desktops = split(parts.front(), ':', 16);
    for (std::size_t i = 1; i < parts.size(); ++i)
        write_file(scratch->portal_dir / (std::to_string(i) + ".portal"), parts[i]);
    write_file(scratch->portal_dir / "ignored.txt",
               "[portal]\nDBusName=x\nInterfaces=" + kInterfaces.front() + "\n");

    const std::vector<portals::PortalFile> files = portals::read_portal_files(scratch->portal_dir);
    check(files.size() < parts.size());
    check(std::is_sorted(files.begin(), files.end(),
                         [](const auto& a, const auto& b) { return a.name < b.name; }));
    for (const portals::PortalFile& file : files) {
        check(file.name.ends_with(".portal"));
        for (const auto& list : {file.interfaces, file.use_in})
            check(std::none_of(list.begin(), list.end(), [](auto& v) { return v.empty(); }));
    }
    for (const std::string& interface : kInterfaces) {
        auto chosen = portals::choose_backend(files, desktops, interface);
        auto implements = [&](const portals::PortalFile& file) {
            return std::find(file.interfaces.begin(), file.interfaces.end(), interface) !=
                   file.interfaces.end();
        };
        auto used_here = [&](const portals::PortalFile& file) {
            for (const std::string& desktop : desktops)
                for (const std::string& use_in : file.use_in)
                    if (g_ascii_strcasecmp(desktop.c_str(), use_in.c_str()) == 0) return true;
            return false;
        };
        auto preferred = std::find_if(files.begin(), files.end(), [&](const auto& file) {
            return implements(file) && used_here(file);
        });
        if (preferred == files.end())
            preferred = std::find_if(files.begin(), files.end(), implements);
        check(chosen.has_value() == (preferred != files.end()));
        if (chosen) check(*chosen == preferred->bus_name);
    }
}

// A GLib critical is a crash libFuzzer catches (GLib's own fatal path is a breakpoint trap).
void abort_on_critical(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
    g_log_default_handler(domain, level, message, nullptr);
    if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_log_set_default_handler(abort_on_critical, nullptr);
    char root_template[] = "/tmp/fuzz-caller-info-XXXXXX";
    check(::mkdtemp(root_template) != nullptr);
    static Scratch made{root_template,
                        fs::path(root_template) / "empty",
                        fs::path(root_template) / "registry",
                        {},
                        fs::path(root_template) / "portals"};
    scratch = &made;
    std::atexit(remove_scratch);
    fs::create_directories(scratch->empty_registry);
    fs::create_directories(scratch->registry / kInstanceId);
    scratch->info_file = scratch->registry / kInstanceId / "info";
    hold_instance_lock(scratch->registry / kInstanceId / ".ref");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    check_caller_info(text);
    check_backend_choice(text);
    return 0;
}

// libFuzzer target: an app's exported .desktop file as `sandbox install` rewrites it
// (exports::rewrite_desktop_file, with exec_line.cpp's parsing and quoting). Any input is either
// refused or gives a file that the desktop reads as we meant it. The oracle, on the output:
// - GKeyFile loads it again; its groups are [Desktop Entry] (first, Type=Application, a non-empty
//   Name, X-Sandbox=ID) and [Desktop Action …] only; no TryExec, DBusActivatable, Path,
//   X-Flatpak*, X-GNOME-Bugzilla-ExtraInfoScript, no localized Exec[…], no X-Sandbox but
//   ours, no Icon path, no control
//   character in any value;
// - every Exec, split as GLib splits it (g_shell_parse_argv) and with its field codes expanded as
//   GLib does, is `SANDBOX run OPTIONS… --command=CMD [--file-forwarding] ID ARGS…`: exactly our
//   options before the ID, a CMD that is not an option, no argument from the app starting with
//   "@@", no field code left but the one file code inside our own `@@ %f @@` / `@@u %u @@`;
// - GIO takes it as an application (g_desktop_app_info_new_from_keyfile).
#include <gio/gdesktopappinfo.h>
#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/exports/exec_line.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace {

namespace exports = sandbox::exports;

constexpr const char* kAppId = "org.example.App";
// An existing program: GIO refuses a desktop file whose command it cannot find.
constexpr const char* kSandbox = "/bin/sh";

const exports::LaunchCommand& launch() {
    static const exports::LaunchCommand command{
        kSandbox, {"--user", "--branch=stable", "--arch=x86_64"}, kAppId};
    return command;
}

void check(bool condition) {
    if (!condition) std::abort();
}

struct KeyFileOwner {
    GKeyFile* file = g_key_file_new();
    ~KeyFileOwner() { g_key_file_free(file); }
};

struct StrvOwner {
    gchar** strv = nullptr;
    ~StrvOwner() { g_strfreev(strv); }
};

std::string string_of(GKeyFile* file, const char* group, const char* key) {
    gchar* value = g_key_file_get_string(file, group, key, nullptr);
    check(value != nullptr);
    std::string text(value);
    g_free(value);
    return text;
}

bool has_control_character(std::string_view text) {
    for (char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
    return false;
}

// A field code GLib would expand in `argument` ("%%" is a literal '%'): its letter, or 0.
char field_code_in(std::string_view argument) {
    for (std::size_t i = 0; i < argument.size(); ++i) {
        if (argument[i] != '%') continue;
        if (i + 1 < argument.size() && argument[i + 1] == '%') {
            ++i;
            continue;
        }
        return i + 1 < argument.size() ? argument[i + 1] : '%';
    }
    return 0;
}

void check_exec(const std::string& exec) {
    check(!has_control_character(exec));
    StrvOwner argv;
    check(g_shell_parse_argv(exec.c_str(), nullptr, &argv.strv, nullptr));
    std::vector<std::string_view> words(argv.strv, argv.strv + g_strv_length(argv.strv));
    const auto& options = launch().options;
    std::size_t at = 0;
    check(words.size() >= options.size() + 4);
    check(words[at++] == kSandbox && words[at++] == "run");
    for (const std::string& option : options) check(words[at++] == option);
    const std::string_view command = words[at++];
    check(command.starts_with("--command=") && command.size() > 10 && command[10] != '-');
    check(field_code_in(command) == 0);
    const bool forwarding = words[at] == "--file-forwarding";
    if (forwarding) ++at;
    check(at < words.size() && words[at++] == kAppId);
    std::size_t end = words.size();
    if (forwarding) {
        check(end - at >= 3);
        const std::string_view open = words[end - 3];
        const std::string_view code = words[end - 2];
        check(words[end - 1] == "@@");
        check((open == "@@" && (code == "%f" || code == "%F")) ||
              (open == "@@u" && (code == "%u" || code == "%U")));
        end -= 3;
    }
    for (; at < end; ++at) {
        check(!words[at].starts_with("@@"));
        check(field_code_in(words[at]) == 0);
    }
}

std::string_view base_key(std::string_view key) {
    return key.substr(0, key.find('['));
}

// Exec[LOCALE] too: KDE's KConfig reads a localized value of any key, Exec included.
bool is_dropped_key(std::string_view key) {
    const std::string_view base = base_key(key);
    return base == "TryExec" || base == "DBusActivatable" || base == "Path" ||
           base == "X-GNOME-Bugzilla-ExtraInfoScript" || base.starts_with("X-Flatpak") ||
           (base == "Exec" && key != "Exec");
}

void check_group(GKeyFile* file, const char* group, bool main) {
    StrvOwner keys;
    keys.strv = g_key_file_get_keys(file, group, nullptr, nullptr);
    check(keys.strv != nullptr);
    for (gchar** key = keys.strv; *key != nullptr; ++key) {
        const std::string_view name = *key;
        check(!is_dropped_key(name));
        const std::string value = string_of(file, group, *key);
        check(!has_control_character(value));
        if (name == "Exec") check_exec(value);
        if (base_key(name) == "Icon") check(value.find('/') == std::string::npos);
        if (name.starts_with("X-Sandbox")) check(main && name == "X-Sandbox" && value == kAppId);
    }
    if (main) {
        check(string_of(file, group, "Type") == "Application");
        check(!string_of(file, group, "Name").empty());
        check(string_of(file, group, "X-Sandbox") == kAppId);
        check(g_key_file_has_key(file, group, "Exec", nullptr));
    }
}

void check_rewritten(const std::string& content) {
    KeyFileOwner reloaded;
    check(g_key_file_load_from_data(reloaded.file, content.data(), content.size(),
                                    G_KEY_FILE_KEEP_TRANSLATIONS, nullptr));
    gchar* start = g_key_file_get_start_group(reloaded.file);
    check(start != nullptr && std::string_view(start) == "Desktop Entry");
    g_free(start);
    StrvOwner groups;
    groups.strv = g_key_file_get_groups(reloaded.file, nullptr);
    check(groups.strv[0] != nullptr && std::string_view(groups.strv[0]) == "Desktop Entry");
    for (gchar** group = groups.strv; *group != nullptr; ++group) {
        const bool main = group == groups.strv;
        check(main || std::string_view(*group).starts_with("Desktop Action "));
        check_group(reloaded.file, *group, main);
    }
    GDesktopAppInfo* info = g_desktop_app_info_new_from_keyfile(reloaded.file);
    check(info != nullptr);
    g_object_unref(info);
}

// A GLib critical is a crash libFuzzer catches (GLib's own fatal path is a breakpoint trap).
void abort_on_critical(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
    g_log_default_handler(domain, level, message, nullptr);
    if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_log_set_default_handler(abort_on_critical, nullptr);
    // GIO keeps what it looks up once (the locale's names, GType classes): done here, so that
    // LeakSanitizer sees only what one input leaks.
    auto warm_up = exports::rewrite_desktop_file(
        "[Desktop Entry]\nType=Application\nName=A\nExec=a %f\n", launch());
    check(static_cast<bool>(warm_up));
    check_rewritten(warm_up->content);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto rewritten =
        exports::rewrite_desktop_file({reinterpret_cast<const char*>(data), size}, launch());
    if (rewritten) check_rewritten(rewritten->content);
    return 0;
}

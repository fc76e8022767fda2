// .desktop files: what the app shipped, loaded with GKeyFile, rebuilt key by key.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "glib_ptr.hpp"
#include "sandbox/exports/display_text.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {
namespace {

constexpr const char* kMainGroup = "Desktop Entry";
constexpr std::array<std::string_view, 4> kDisplayKeys{"Name", "GenericName", "Comment",
                                                       "Keywords"};
constexpr std::array<std::string_view, 4> kDroppedKeys{"TryExec", "DBusActivatable", "Path",
                                                       "X-GNOME-Bugzilla-ExtraInfoScript"};
constexpr std::array<std::string_view, 2> kDroppedPrefixes{"X-Flatpak", "X-Sandbox"};

std::string_view base_key(std::string_view key) {
    return key.substr(0, key.find('['));
}

// A localized Exec[LOCALE] too: GIO ignores it, but KDE's KConfig reads the localized value of
// any key, so it would run the app's own command line on the host (found by fuzz_desktop_file).
bool is_dropped_key(std::string_view key) {
    const std::string_view base = base_key(key);
    if (base == "Exec") return key != "Exec";
    return std::find(kDroppedKeys.begin(), kDroppedKeys.end(), base) != kDroppedKeys.end() ||
           std::any_of(kDroppedPrefixes.begin(), kDroppedPrefixes.end(),
                       [&](std::string_view prefix) { return base.starts_with(prefix); });
}

bool is_display_key(std::string_view key) {
    return std::find(kDisplayKeys.begin(), kDisplayKeys.end(), base_key(key)) != kDisplayKeys.end();
}

Result<std::string> string_value(GKeyFile* file, const char* group, const char* key) {
    GError* error = nullptr;
    GCharPtr value(g_key_file_get_string(file, group, key, &error));
    if (!value)
        return usage_error("[" + std::string(group) + "] " + key + ": " + take_message(error));
    return std::string(value.get());
}

Status rewrite_exec_key(GKeyFile* file, const char* group, const LaunchCommand& launch,
                        std::vector<std::string>& warnings) {
    auto exec = string_value(file, group, "Exec");
    if (!exec) return exec.take_error();
    auto line = parse_app_exec(*exec, FieldCodes::FileForwarding);
    if (!line) return line.take_error();
    for (const auto& dropped : line->dropped)
        warnings.push_back("[" + std::string(group) + "] Exec: argument '" + dropped +
                           "' dropped (field code)");
    g_key_file_set_string(file, group, "Exec", format_exec(launch, *line).c_str());
    return ok_status();
}

// Display text cleaned; any other value carrying disguising characters dropped.
Status sanitise_text_key(GKeyFile* file, const char* group, const char* key,
                         std::vector<std::string>& warnings) {
    auto value = string_value(file, group, key);
    if (!value) return value.take_error();
    if (!has_disguising_characters(*value)) return ok_status();
    const std::string where = "[" + std::string(group) + "] " + key;
    if (is_display_key(key)) {
        g_key_file_set_string(file, group, key, clean_display_text(*value).c_str());
        warnings.push_back(where + ": control or bidi characters removed");
    } else {
        g_key_file_remove_key(file, group, key, nullptr);
        warnings.push_back(where + ": dropped (control or bidi characters)");
    }
    return ok_status();
}

// Icons are looked up by name in the themes; a path would make the host read any file.
bool is_icon_path(GKeyFile* file, const char* group, const char* key) {
    GCharPtr icon(g_key_file_get_value(file, group, key, nullptr));
    return icon && std::string_view(icon.get()).find('/') != std::string_view::npos;
}

// GKeyFile keeps every line of a key given twice but looks up (and removes, and rewrites) only the
// last: an earlier Exec or TryExec would be written out as the app wrote it (found by
// fuzz_desktop_file). desktop-file-validate refuses such files too.
Status check_unique_keys(const char* group, gchar** keys) {
    std::vector<std::string_view> seen;
    for (gchar** key = keys; key != nullptr && *key != nullptr; ++key) {
        if (std::find(seen.begin(), seen.end(), *key) != seen.end())
            return usage_error("[" + std::string(group) + "] " + *key + " is given twice");
        seen.emplace_back(*key);
    }
    return ok_status();
}

Status rewrite_group(GKeyFile* file, const char* group, const LaunchCommand& launch,
                     std::vector<std::string>& warnings) {
    StrvPtr keys(g_key_file_get_keys(file, group, nullptr, nullptr));
    SANDBOX_TRY(check_unique_keys(group, keys.get()));
    for (gchar** key = keys.get(); key != nullptr && *key != nullptr; ++key) {
        const std::string_view name = *key;
        if (is_dropped_key(name)) {
            g_key_file_remove_key(file, group, *key, nullptr);
        } else if (name == "Exec") {
            SANDBOX_TRY(rewrite_exec_key(file, group, launch, warnings));
        } else if (base_key(name) == "Icon" && is_icon_path(file, group, *key)) {
            g_key_file_remove_key(file, group, *key, nullptr);
            warnings.push_back("[" + std::string(group) + "] Icon: a path, dropped");
        } else {
            SANDBOX_TRY(sanitise_text_key(file, group, *key, warnings));
        }
    }
    return ok_status();
}

Status check_main_group(GKeyFile* file) {
    if (!g_key_file_has_group(file, kMainGroup)) return usage_error("no [Desktop Entry] group");
    auto type = string_value(file, kMainGroup, "Type");
    if (!type) return type.take_error();
    if (*type != "Application") return usage_error("Type is '" + *type + "', not Application");
    if (!g_key_file_has_key(file, kMainGroup, "Exec", nullptr))
        return usage_error("no Exec (D-Bus activation alone is not exported)");
    return ok_status();
}

}  // namespace

Result<Rewritten> rewrite_desktop_file(std::string_view content, const LaunchCommand& launch) {
    KeyFilePtr file(g_key_file_new());
    GError* error = nullptr;
    if (!g_key_file_load_from_data(file.get(), content.data(), content.size(),
                                   G_KEY_FILE_KEEP_TRANSLATIONS, &error))
        return usage_error("not a key file: " + take_message(error));
    SANDBOX_TRY(check_main_group(file.get()));
    Rewritten result;
    StrvPtr groups(g_key_file_get_groups(file.get(), nullptr));
    for (gchar** group = groups.get(); *group != nullptr; ++group) {
        const std::string_view name = *group;
        if (name != kMainGroup && !name.starts_with("Desktop Action ")) {
            g_key_file_remove_group(file.get(), *group, nullptr);
            result.warnings.push_back("group [" + std::string(name) + "] dropped");
            continue;
        }
        SANDBOX_TRY(rewrite_group(file.get(), *group, launch, result.warnings));
    }
    auto name = string_value(file.get(), kMainGroup, "Name");
    if (!name) return name.take_error();
    if (name->empty()) return usage_error("Name is empty once cleaned");
    g_key_file_set_string(file.get(), kMainGroup, "X-Sandbox", launch.app_id.c_str());
    gsize length = 0;
    GCharPtr data(g_key_file_to_data(file.get(), &length, nullptr));
    result.content.assign(data.get(), length);
    return result;
}

}  // namespace sandbox::exports

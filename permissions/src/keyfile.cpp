#include "sandbox/permissions/keyfile.hpp"

#include "sandbox/permissions/validation.hpp"

namespace sandbox::permissions {
namespace {

// The key a raw line sets ("name" of "name=value"), or the line itself (a group header).
std::string line_subject(std::string_view line) {
    std::size_t equals = line.find('=');
    std::string_view subject = equals == std::string_view::npos ? line : line.substr(0, equals);
    while (!subject.empty() && (subject.back() == ' ' || subject.back() == '\t'))
        subject.remove_suffix(1);
    return printable(subject);
}

bool is_raw_control(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

// GKeyFile stops at a NUL and passes control bytes through; neither has a place in a keyfile.
Status check_raw_bytes(std::string_view data, std::string_view source) {
    std::size_t line_start = 0;
    int line_number = 1;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const auto c = static_cast<unsigned char>(data[i]);
        if (c == '\n') {
            line_start = i + 1;
            ++line_number;
            continue;
        }
        if (!is_raw_control(c)) continue;
        std::string_view line = data.substr(line_start);
        line = line.substr(0, line.find('\n'));
        return usage_error(std::string(source) + ": " +
                           (c == 0 ? "NUL byte" : "control character") + " in line " +
                           std::to_string(line_number) + " (" + line_subject(line) + ")");
    }
    return ok_status();
}

Error value_error(const char* group, const char* key, std::string_view source,
                  std::string_view why) {
    return usage_error(std::string(source) + ": invalid value for " + printable(key) + " in [" +
                       printable(group) + "]: " + std::string(why));
}

Status check_value(const std::string& value, const char* group, const char* key,
                   std::string_view source) {
    if (is_safe_text(value)) return ok_status();
    return value_error(group, key, source, "control characters or invalid UTF-8");
}

}  // namespace

KeyFile new_keyfile() {
    return KeyFile(g_key_file_new());
}

Result<KeyFile> parse_keyfile(std::string_view data, std::string_view source) {
    SANDBOX_TRY(check_raw_bytes(data, source));
    KeyFile keyfile = new_keyfile();
    GErrorSlot error;
    if (!g_key_file_load_from_data(keyfile.get(), data.data(), data.size(), G_KEY_FILE_NONE,
                                   error.out()))
        return usage_error(std::string(source) + ": " + printable(error.message()));
    return keyfile;
}

std::string keyfile_to_text(GKeyFile* keyfile) {
    gsize length = 0;
    GCharPtr text(g_key_file_to_data(keyfile, &length, nullptr));
    return text ? std::string(text.get(), length) : std::string();
}

bool has_group(GKeyFile* keyfile, const char* group) {
    return g_key_file_has_group(keyfile, group);
}

bool has_key(GKeyFile* keyfile, const char* group, const char* key) {
    return g_key_file_has_key(keyfile, group, key, nullptr);
}

std::vector<std::string> group_names(GKeyFile* keyfile) {
    GStrvPtr groups(g_key_file_get_groups(keyfile, nullptr));
    std::vector<std::string> names;
    for (char** group = groups.get(); group != nullptr && *group != nullptr; ++group)
        names.emplace_back(*group);
    return names;
}

std::vector<std::string> key_names(GKeyFile* keyfile, const char* group) {
    GStrvPtr keys(g_key_file_get_keys(keyfile, group, nullptr, nullptr));
    std::vector<std::string> names;
    for (char** key = keys.get(); key != nullptr && *key != nullptr; ++key)
        names.emplace_back(*key);
    return names;
}

Result<std::string> read_string(GKeyFile* keyfile, const char* group, const char* key,
                                std::string_view source) {
    GErrorSlot error;
    GCharPtr value(g_key_file_get_string(keyfile, group, key, error.out()));
    if (!value) return value_error(group, key, source, printable(error.message()));
    std::string text(value.get());
    SANDBOX_TRY(check_value(text, group, key, source));
    return text;
}

Result<std::vector<std::string>> read_string_list(GKeyFile* keyfile, const char* group,
                                                  const char* key, std::string_view source) {
    GErrorSlot error;
    gsize length = 0;
    GStrvPtr values(g_key_file_get_string_list(keyfile, group, key, &length, error.out()));
    if (!values) return value_error(group, key, source, printable(error.message()));
    std::vector<std::string> list;
    for (gsize i = 0; i < length; ++i) {
        std::string item(values.get()[i]);
        SANDBOX_TRY(check_value(item, group, key, source));
        list.push_back(std::move(item));
    }
    return list;
}

}  // namespace sandbox::permissions

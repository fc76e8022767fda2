// D-Bus activation files: the bus starts the app through `sandbox run`, for its own names only.

#include "glib_ptr.hpp"
#include "sandbox/exports/export_names.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {
namespace {

constexpr const char* kGroup = "D-BUS Service";

Result<std::string> service_value(GKeyFile* file, const char* key) {
    GError* error = nullptr;
    GCharPtr value(g_key_file_get_string(file, kGroup, key, &error));
    if (!value) return usage_error(std::string(key) + ": " + take_message(error));
    return std::string(value.get());
}

}  // namespace

Result<Rewritten> rewrite_dbus_service(std::string_view content, std::string_view file_name,
                                       const LaunchCommand& launch) {
    KeyFilePtr file(g_key_file_new());
    GError* error = nullptr;
    if (!g_key_file_load_from_data(file.get(), content.data(), content.size(), G_KEY_FILE_NONE,
                                   &error))
        return usage_error("not a key file: " + take_message(error));
    auto name = service_value(file.get(), "Name");
    if (!name) return name.take_error();
    const std::string_view expected = file_name.substr(0, file_name.rfind(".service"));
    if (*name != expected)
        return usage_error("Name '" + *name + "' is not the file's name without .service");
    if (!is_owned_bus_name(*name, launch.app_id))
        return usage_error("Name '" + *name + "' is not the app's ID or below it");
    auto exec = service_value(file.get(), "Exec");
    if (!exec) return exec.take_error();
    auto line = parse_app_exec(*exec, FieldCodes::None);
    if (!line) return line.take_error();
    Rewritten result;
    for (const auto& dropped : line->dropped)
        result.warnings.push_back("Exec: argument '" + dropped + "' dropped (field code)");
    KeyFilePtr rebuilt(g_key_file_new());
    g_key_file_set_string(rebuilt.get(), kGroup, "Name", name->c_str());
    g_key_file_set_string(rebuilt.get(), kGroup, "Exec", format_exec(launch, *line).c_str());
    gsize length = 0;
    GCharPtr data(g_key_file_to_data(rebuilt.get(), &length, nullptr));
    result.content.assign(data.get(), length);
    return result;
}

}  // namespace sandbox::exports

#include "sandbox/portals/backends.hpp"

#include <glib.h>
#include <strings.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <system_error>

namespace sandbox::portals {
namespace {

constexpr const char* kDefaultPortalDir = "/usr/share/xdg-desktop-portal/portals";

struct KeyFileDeleter {
    void operator()(GKeyFile* keyfile) const { g_key_file_free(keyfile); }
};

std::vector<std::string> list_of(GKeyFile* keyfile, const char* key) {
    std::vector<std::string> values;
    gsize length = 0;
    char** list = g_key_file_get_string_list(keyfile, "portal", key, &length, nullptr);
    for (gsize i = 0; list != nullptr && i < length; ++i)
        if (list[i][0] != '\0') values.emplace_back(list[i]);
    g_strfreev(list);
    return values;
}

std::optional<PortalFile> read_portal_file(const std::filesystem::path& path) {
    std::unique_ptr<GKeyFile, KeyFileDeleter> keyfile(g_key_file_new());
    if (!g_key_file_load_from_file(keyfile.get(), path.c_str(), G_KEY_FILE_NONE, nullptr))
        return std::nullopt;
    char* bus_name = g_key_file_get_string(keyfile.get(), "portal", "DBusName", nullptr);
    if (bus_name == nullptr) return std::nullopt;
    PortalFile portal{path.filename().string(), bus_name, list_of(keyfile.get(), "Interfaces"),
                      list_of(keyfile.get(), "UseIn")};
    g_free(bus_name);
    return portal;
}

bool implements(const PortalFile& portal, const std::string& interface) {
    return std::find(portal.interfaces.begin(), portal.interfaces.end(), interface) !=
           portal.interfaces.end();
}

bool used_in(const PortalFile& portal, const std::vector<std::string>& desktops) {
    for (const std::string& desktop : desktops)
        for (const std::string& use_in : portal.use_in)
            if (::strcasecmp(desktop.c_str(), use_in.c_str()) == 0) return true;
    return false;
}

std::vector<std::string> current_desktops() {
    std::vector<std::string> desktops;
    const char* value = std::getenv("XDG_CURRENT_DESKTOP");
    std::string list = value != nullptr ? value : "";
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(':', start), list.size());
        if (end > start) desktops.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return desktops;
}

std::filesystem::path portal_dir() {
    const char* dir = std::getenv("XDG_DESKTOP_PORTAL_DIR");
    return dir != nullptr && dir[0] != '\0' ? dir : kDefaultPortalDir;
}

}  // namespace

std::optional<std::string> choose_backend(const std::vector<PortalFile>& portals,
                                          const std::vector<std::string>& desktops,
                                          const std::string& interface) {
    for (const PortalFile& portal : portals)
        if (implements(portal, interface) && used_in(portal, desktops)) return portal.bus_name;
    for (const PortalFile& portal : portals)
        if (implements(portal, interface)) return portal.bus_name;
    return std::nullopt;
}

std::vector<PortalFile> read_portal_files(const std::filesystem::path& dir) {
    std::vector<PortalFile> portals;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (entry.path().extension() != ".portal") continue;
        if (auto portal = read_portal_file(entry.path())) portals.push_back(std::move(*portal));
    }
    std::sort(portals.begin(), portals.end(),
              [](const PortalFile& a, const PortalFile& b) { return a.name < b.name; });
    return portals;
}

std::optional<std::string> find_backend(const std::string& interface) {
    static const std::vector<PortalFile> portals = read_portal_files(portal_dir());
    static const std::vector<std::string> desktops = current_desktops();
    return choose_backend(portals, desktops, interface);
}

}  // namespace sandbox::portals

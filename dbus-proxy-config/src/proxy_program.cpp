#include "proxy_program.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

Result<std::string> absolute(const std::string& path) {
    std::error_code error;
    std::filesystem::path resolved = std::filesystem::canonical(path, error);
    if (error) return system_error("Can't find the D-Bus proxy " + in_quotes(path), error.value());
    return resolved.string();
}

}  // namespace

Result<std::string> find_proxy_program(std::string_view program) {
    const std::string name(program);
    if (name.find('/') != std::string::npos) {
        if (!is_executable_file(name))
            return usage_error("The D-Bus proxy " + in_quotes(name) + " is not an executable file");
        return absolute(name);
    }
    const char* path = std::getenv("PATH");
    std::string_view dirs = path != nullptr && *path != '\0' ? path : kDefaultPath;
    while (!dirs.empty()) {
        const std::string_view dir = dirs.substr(0, dirs.find(':'));
        dirs.remove_prefix(std::min(dirs.size(), dir.size() + 1));
        const std::string candidate = std::string(dir.empty() ? "." : dir) + "/" + name;
        if (is_executable_file(candidate)) return absolute(candidate);
    }
    return usage_error("The D-Bus proxy " + in_quotes(name) +
                       " is not installed (not found in PATH; Debian package xdg-dbus-proxy)");
}

}  // namespace sandbox::dbus_proxy

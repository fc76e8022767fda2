#include "sandbox/run/sandbox_environment.hpp"

#include <array>
#include <string_view>

namespace sandbox::run {
namespace {

// flatpak-run.c's default_exports[] (the ones it unsets), plus the session's sockets, which the
// sandbox does not have until the services that bind them exist.
constexpr std::array<std::string_view, 53> kScrubbed{"TEMP",
                                                     "TEMPDIR",
                                                     "TMP",
                                                     "TMPDIR",
                                                     "XDG_RUNTIME_DIR",
                                                     "container",
                                                     "TZDIR",
                                                     "PYTHONPATH",
                                                     "PYTHONPYCACHEPREFIX",
                                                     "PERLLIB",
                                                     "PERL5LIB",
                                                     "XCURSOR_PATH",
                                                     "GST_PLUGIN_PATH_1_0",
                                                     "GST_REGISTRY",
                                                     "GST_REGISTRY_1_0",
                                                     "GST_PLUGIN_PATH",
                                                     "GST_PLUGIN_SYSTEM_PATH",
                                                     "GST_PLUGIN_SCANNER",
                                                     "GST_PLUGIN_SCANNER_1_0",
                                                     "GST_PLUGIN_SYSTEM_PATH_1_0",
                                                     "GST_PRESET_PATH",
                                                     "GST_PTP_HELPER",
                                                     "GST_PTP_HELPER_1_0",
                                                     "GST_INSTALL_PLUGINS_HELPER",
                                                     "KRB5CCNAME",
                                                     "XKB_CONFIG_ROOT",
                                                     "GIO_EXTRA_MODULES",
                                                     "GDK_BACKEND",
                                                     "GCONV_PATH",
                                                     "VK_ADD_DRIVER_FILES",
                                                     "VK_ADD_LAYER_PATH",
                                                     "VK_DRIVER_FILES",
                                                     "VK_ICD_FILENAMES",
                                                     "VK_LAYER_PATH",
                                                     "__EGL_EXTERNAL_PLATFORM_CONFIG_DIRS",
                                                     "__EGL_EXTERNAL_PLATFORM_CONFIG_FILENAMES",
                                                     "__EGL_VENDOR_LIBRARY_DIRS",
                                                     "__EGL_VENDOR_LIBRARY_FILENAMES",
                                                     "DBUS_SESSION_BUS_ADDRESS",
                                                     "DBUS_SYSTEM_BUS_ADDRESS",
                                                     "AT_SPI_BUS_ADDRESS",
                                                     "WAYLAND_DISPLAY",
                                                     "WAYLAND_SOCKET",
                                                     "DISPLAY",
                                                     "XAUTHORITY",
                                                     "PULSE_SERVER",
                                                     "PULSE_CLIENTCONFIG",
                                                     "PIPEWIRE_REMOTE",
                                                     "PIPEWIRE_RUNTIME_DIR",
                                                     "SSH_AUTH_SOCK",
                                                     "GPG_AGENT_INFO",
                                                     "FLATPAK_ID",
                                                     "FLATPAK_SANDBOX_DIR"};

void set_devel_variables(std::map<std::string, std::string>& environment) {
    environment["ACLOCAL_PATH"] = "/app/share/aclocal";
    environment["C_INCLUDE_PATH"] = "/app/include";
    environment["CPLUS_INCLUDE_PATH"] = "/app/include";
    environment["LDFLAGS"] = "-L/app/lib ";
    environment["PKG_CONFIG_PATH"] =
        "/app/lib/pkgconfig:/app/share/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig";
}

void set_sandbox_variables(std::map<std::string, std::string>& environment,
                           const EnvironmentInputs& inputs) {
    environment["PATH"] = inputs.usr_overlay ? "/usr/bin" : "/app/bin:/usr/bin";
    environment["XDG_CONFIG_DIRS"] = inputs.usr_overlay ? "/etc/xdg" : "/app/etc/xdg:/etc/xdg";
    environment["XDG_DATA_DIRS"] = inputs.usr_overlay ? "/usr/share" : "/app/share:/usr/share";
    environment["SHELL"] = "/bin/sh";
    environment["XDG_RUNTIME_DIR"] = "/run/user/" + std::to_string(inputs.uid);
    environment["FLATPAK_ID"] = inputs.app_id;
    environment["container"] = "sandbox";
    environment["PS1"] = "[📦 " + inputs.app_id + " \\W]\\$ ";
    environment["XDG_DATA_HOME"] = inputs.app_dir + "/data";
    environment["XDG_CONFIG_HOME"] = inputs.app_dir + "/config";
    environment["XDG_CACHE_HOME"] = inputs.app_dir + "/cache";
    environment["XDG_STATE_HOME"] = inputs.app_dir + "/.local/state";
    for (const auto& [name, value] : inputs.host_xdg_homes) environment["HOST_" + name] = value;
    if (!environment.contains("HOME")) environment["HOME"] = inputs.home;
    if (!inputs.has_ld_cache && !inputs.usr_overlay) environment["LD_LIBRARY_PATH"] = "/app/lib";
    if (inputs.devel) set_devel_variables(environment);
    for (const auto& [name, value] : inputs.session) environment[name] = value;
}

}  // namespace

bool is_scrubbed_variable(const std::string& name) {
    if (name.rfind("LD_", 0) == 0) return true;  // LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH...
    for (std::string_view scrubbed : kScrubbed)
        if (name == scrubbed) return true;
    return false;
}

std::vector<std::string> sandbox_environment(const std::vector<std::string>& caller_environment,
                                             const EnvironmentInputs& inputs,
                                             const permissions::Context& context) {
    std::map<std::string, std::string> environment;
    for (const std::string& entry : caller_environment) {
        const std::size_t equals = entry.find('=');
        if (equals == std::string::npos || equals == 0) continue;
        std::string name = entry.substr(0, equals);
        if (!is_scrubbed_variable(name)) environment[name] = entry.substr(equals + 1);
    }
    set_sandbox_variables(environment, inputs);
    for (const auto& [name, value] : context.environment) {
        if (value)
            environment[name] = *value;
        else
            environment.erase(name);
    }
    std::vector<std::string> entries;
    for (const auto& [name, value] : environment) entries.push_back(name + "=" + value);
    return entries;
}

}  // namespace sandbox::run

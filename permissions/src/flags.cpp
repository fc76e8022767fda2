#include "sandbox/permissions/flags.hpp"

#include <functional>
#include <map>

#include "sandbox/permissions/filesystem.hpp"
#include "sandbox/permissions/names.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::permissions {
namespace {

using Apply = std::function<Status(Context&, const std::string& flag, const std::string& value)>;

template <typename Name>
Apply toggle(Toggles<Name> Context::*field, bool grant) {
    return [field, grant](Context& layer, const std::string& flag, const std::string& value) {
        auto name = from_name<Name>(value);
        if (!name)
            return Status(usage_error("Unknown value '" + printable(value) + "' for " + flag +
                                      ": use one of " + all_names<Name>()));
        (layer.*field)[*name] = grant;
        return ok_status();
    };
}

Apply filesystem(bool negated) {
    return [negated](Context& layer, const std::string& flag, const std::string& value) {
        auto entry = parse_filesystem(value, negated);
        if (!entry) return Status(usage_error(flag + ": " + entry.error().message()));
        // As in Flatpak, the reset applies to the layers below this one, not to this one.
        if (entry->reset) layer.filesystems_reset = true;
        layer.filesystems[entry->location] = entry->mode;
        return ok_status();
    };
}

Apply bus_name(std::map<std::string, BusPolicy> Context::*field, BusPolicy policy) {
    return [field, policy](Context& layer, const std::string& flag, const std::string& value) {
        if (!is_valid_bus_name(value))
            return Status(
                usage_error(flag + ": '" + printable(value) + "' is not a D-Bus well-known name"));
        (layer.*field)[value] = policy;
        return ok_status();
    };
}

Status set_environment(Context& layer, const std::string& flag, const std::string& value) {
    const std::size_t equals = value.find('=');
    const std::string name = value.substr(0, equals);
    if (equals == std::string::npos || !is_valid_environment_name(name))
        return usage_error(flag + " needs NAME=VALUE with a valid NAME, got '" + printable(value) +
                           "'");
    const std::string content = value.substr(equals + 1);
    if (!is_safe_text(content))
        return usage_error(flag + ": the value of " + name + " has control characters");
    layer.environment[name] = content;
    return ok_status();
}

Status unset_environment(Context& layer, const std::string& flag, const std::string& value) {
    if (!is_valid_environment_name(value))
        return usage_error(flag + ": '" + printable(value) + "' is not a variable name");
    layer.environment[value] = std::nullopt;
    return ok_status();
}

Status persist(Context& layer, const std::string& flag, const std::string& value) {
    if (auto valid = check_persistent_path(value); !valid)
        return usage_error(flag + ": " + valid.error().message());
    layer.persistent.insert(value);
    return ok_status();
}

const std::map<std::string, Apply, std::less<>>& flag_table() {
    static const std::map<std::string, Apply, std::less<>> table{
        {"--share", toggle(&Context::shared, true)},
        {"--unshare", toggle(&Context::shared, false)},
        {"--socket", toggle(&Context::sockets, true)},
        {"--nosocket", toggle(&Context::sockets, false)},
        {"--device", toggle(&Context::devices, true)},
        {"--nodevice", toggle(&Context::devices, false)},
        {"--allow", toggle(&Context::features, true)},
        {"--disallow", toggle(&Context::features, false)},
        {"--filesystem", filesystem(false)},
        {"--nofilesystem", filesystem(true)},
        {"--persist", persist},
        {"--env", set_environment},
        {"--unset-env", unset_environment},
        {"--own-name", bus_name(&Context::session_bus, BusPolicy::Own)},
        {"--talk-name", bus_name(&Context::session_bus, BusPolicy::Talk)},
        {"--no-talk-name", bus_name(&Context::session_bus, BusPolicy::None)},
        {"--system-own-name", bus_name(&Context::system_bus, BusPolicy::Own)},
        {"--system-talk-name", bus_name(&Context::system_bus, BusPolicy::Talk)},
        {"--system-no-talk-name", bus_name(&Context::system_bus, BusPolicy::None)},
    };
    return table;
}

}  // namespace

Result<bool> take_permission_flag(std::span<const std::string> args, std::size_t& index,
                                  Context& layer) {
    const std::string& arg = args[index];
    const std::size_t equals = arg.find('=');
    const std::string flag = arg.substr(0, equals);
    auto found = flag_table().find(flag);
    if (found == flag_table().end()) return false;
    std::string value;
    std::size_t next = index + 1;
    if (equals != std::string::npos) {
        value = arg.substr(equals + 1);
    } else if (next < args.size()) {
        value = args[next++];
    } else {
        return usage_error(flag + " needs a value");
    }
    SANDBOX_TRY(found->second(layer, flag, value));
    index = next;
    return true;
}

std::string_view permission_flags_usage() {
    return "Permissions (as Flatpak spells them; each also as --flag VALUE):\n"
           "  --share=network|ipc            --unshare=…\n"
           "  --socket=x11|wayland|…         --nosocket=…\n"
           "  --device=dri|all|kvm|shm|input|usb   --nodevice=…\n"
           "  --allow=devel|multiarch|bluetooth|canbus|per-app-dev-shm   --disallow=…\n"
           "  --filesystem=LOCATION[:ro|:rw|:create]   --nofilesystem=LOCATION (host:reset)\n"
           "      LOCATION: host, host-os, host-etc, home, xdg-*[/sub], ~/dir, /dir\n"
           "  --persist=DIR                  keep ~/DIR in ~/.var/app/ID/DIR\n"
           "  --env=VAR=VALUE                --unset-env=VAR\n"
           "  --own-name=NAME  --talk-name=NAME  --no-talk-name=NAME\n"
           "  --system-own-name=NAME  --system-talk-name=NAME  --system-no-talk-name=NAME\n";
}

}  // namespace sandbox::permissions

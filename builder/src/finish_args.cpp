#include "sandbox/builder/finish_args.hpp"

#include <algorithm>
#include <map>

#include "sandbox/permissions/validation.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

// --OPTION=VALUE flags that add VALUE to a [Context] list; the "no" forms add "!VALUE", as
// Flatpak's metadata writes a removed permission.
struct ListFlag {
    const char* option;
    const char* negated;
    const char* key;
};
constexpr ListFlag kListFlags[] = {
    {"--share", "--unshare", "shared"},
    {"--socket", "--nosocket", "sockets"},
    {"--device", "--nodevice", "devices"},
    {"--allow", "--disallow", "features"},
    {"--filesystem", "--nofilesystem", "filesystems"},
    {"--persist", nullptr, "persistent"},
};

// --OPTION=NAME flags that set NAME=POLICY in a bus policy group.
struct BusFlag {
    const char* option;
    const char* group;
    const char* policy;
};
constexpr BusFlag kBusFlags[] = {
    {"--talk-name", "Session Bus Policy", "talk"},
    {"--own-name", "Session Bus Policy", "own"},
    {"--see-name", "Session Bus Policy", "see"},
    {"--system-talk-name", "System Bus Policy", "talk"},
    {"--system-own-name", "System Bus Policy", "own"},
    {"--system-see-name", "System Bus Policy", "see"},
};

class GroupsBuilder {
  public:
    void append_to_list(const std::string& group, const std::string& key,
                        const std::string& value) {
        std::string& list = entry(group, key);
        list += value + ";";
    }
    void set(const std::string& group, const std::string& key, const std::string& value) {
        entry(group, key) = value;
    }
    std::vector<MetadataGroup> take() { return std::move(groups_); }

  private:
    std::string& entry(const std::string& group, const std::string& key) {
        auto found = std::find_if(groups_.begin(), groups_.end(),
                                  [&](const MetadataGroup& g) { return g.name == group; });
        if (found == groups_.end()) found = groups_.insert(groups_.end(), {group, {}});
        auto line = std::find_if(found->entries.begin(), found->entries.end(),
                                 [&](const auto& e) { return e.first == key; });
        if (line == found->entries.end())
            line = found->entries.insert(found->entries.end(), {key, ""});
        return line->second;
    }

    std::vector<MetadataGroup> groups_;
};

bool has_control_bytes(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == ';';
    });
}

Status take_arg(const std::string& arg, GroupsBuilder& groups) {
    std::size_t equals = arg.find('=');
    std::string option = arg.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : arg.substr(equals + 1);
    if (value.empty() || has_control_bytes(value))
        return usage_error("finish-args: '" + store::printable(arg) +
                           "' needs a value without ';' or control characters (--OPTION=VALUE)");
    for (const ListFlag& flag : kListFlags) {
        bool negated = flag.negated != nullptr && option == flag.negated;
        if (option == flag.option || negated) {
            groups.append_to_list("Context", flag.key, negated ? "!" + value : value);
            return ok_status();
        }
    }
    for (const BusFlag& flag : kBusFlags) {
        if (option == flag.option) {
            // The name becomes a keyfile key: anything else would be dropped or refused later.
            if (!permissions::is_valid_bus_name(value))
                return usage_error("finish-args: '" + store::printable(value) +
                                   "' is not a D-Bus well-known name (" + flag.option + ")");
            groups.set(flag.group, value, flag.policy);
            return ok_status();
        }
    }
    if (option == "--env") {
        std::size_t name_end = value.find('=');
        if (name_end == std::string::npos ||
            !permissions::is_valid_environment_name(value.substr(0, name_end)))
            return usage_error("finish-args: --env needs VAR=VALUE, got '" +
                               store::printable(value) + "'");
        groups.set("Environment", value.substr(0, name_end), value.substr(name_end + 1));
        return ok_status();
    }
    return usage_error("finish-args: unknown option '" + store::printable(option) +
                       "' (see docs/MANIFEST.md)");
}

}  // namespace

Result<std::vector<MetadataGroup>> context_from_finish_args(const std::vector<std::string>& args) {
    GroupsBuilder groups;
    for (const std::string& arg : args) SANDBOX_TRY(take_arg(arg, groups));
    return groups.take();
}

}  // namespace sandbox::builder

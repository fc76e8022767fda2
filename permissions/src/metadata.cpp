#include "sandbox/permissions/metadata.hpp"

#include <algorithm>
#include <array>

#include "sandbox/permissions/filesystem.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/names.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::permissions {
namespace {

constexpr std::array<std::string_view, 7> kContextKeys{
    "shared", "sockets", "devices", "features", "filesystems", "persistent", "unset-environment"};

class MetadataReader {
  public:
    MetadataReader(GKeyFile* keyfile, std::string_view source, Warnings& warnings)
        : keyfile_(keyfile), source_(source), warnings_(warnings) {}

    Result<Context> read() {
        warn_about_unknown_context_keys();
        SANDBOX_TRY(read_toggles("shared", context_.shared));
        SANDBOX_TRY(read_toggles("sockets", context_.sockets));
        SANDBOX_TRY(read_toggles("devices", context_.devices));
        SANDBOX_TRY(read_toggles("features", context_.features));
        SANDBOX_TRY(read_filesystems());
        SANDBOX_TRY(read_persistent());
        SANDBOX_TRY(read_bus_policy(kSessionBusGroup, context_.session_bus));
        SANDBOX_TRY(read_bus_policy(kSystemBusGroup, context_.system_bus));
        SANDBOX_TRY(read_environment());
        SANDBOX_TRY(read_unset_environment());
        return std::move(context_);
    }

  private:
    void warn(const std::string& message) { warnings_.push_back(source_ + ": " + message); }

    Error bad_value(const char* group, const std::string& key, const std::string& why) const {
        return usage_error(source_ + ": invalid value for " + printable(key) + " in [" + group +
                           "]: " + why);
    }

    void warn_about_unknown_context_keys() {
        for (const std::string& key : key_names(keyfile_, kContextGroup))
            if (std::find(kContextKeys.begin(), kContextKeys.end(), key) == kContextKeys.end())
                warn("unknown key " + printable(key) + " in [Context], ignored");
    }

    Result<std::vector<std::string>> context_list(const char* key) {
        if (!has_key(keyfile_, kContextGroup, key)) return std::vector<std::string>{};
        return read_string_list(keyfile_, kContextGroup, key, source_);
    }

    template <typename Name>
    Status read_toggles(const char* key, Toggles<Name>& toggles) {
        auto items = context_list(key);
        if (!items) return items.take_error();
        for (const std::string& item : *items) {
            const bool negated = !item.empty() && item[0] == '!';
            const std::string name = negated ? item.substr(1) : item;
            if (auto known = from_name<Name>(name))
                toggles[*known] = !negated;
            else
                warn("unknown " + std::string(key) + " entry " + printable(item) + ", ignored");
        }
        return ok_status();
    }

    Status read_filesystems() {
        auto items = context_list("filesystems");
        if (!items) return items.take_error();
        for (const std::string& item : *items) {
            const bool negated = !item.empty() && item[0] == '!';
            auto entry = parse_filesystem(negated ? item.substr(1) : item, negated);
            if (!entry) return bad_value(kContextGroup, "filesystems", entry.error().message());
            if (entry->reset) context_.filesystems_reset = true;
            context_.filesystems[entry->location] = entry->mode;
        }
        return ok_status();
    }

    Status read_persistent() {
        auto items = context_list("persistent");
        if (!items) return items.take_error();
        for (const std::string& item : *items) {
            if (auto valid = check_persistent_path(item); !valid)
                return bad_value(kContextGroup, "persistent", valid.error().message());
            context_.persistent.insert(item);
        }
        return ok_status();
    }

    Status read_bus_policy(const char* group, std::map<std::string, BusPolicy>& policies) {
        for (const std::string& name : key_names(keyfile_, group)) {
            if (!is_valid_bus_name(name)) return bad_value(group, name, "not a D-Bus name");
            auto value = read_string(keyfile_, group, name.c_str(), source_);
            if (!value) return value.take_error();
            auto policy = from_name<BusPolicy>(*value);
            if (!policy)
                return bad_value(
                    group, name,
                    "'" + printable(*value) + "' is not one of " + all_names<BusPolicy>());
            policies[name] = *policy;
        }
        return ok_status();
    }

    Status read_environment() {
        for (const std::string& name : key_names(keyfile_, kEnvironmentGroup)) {
            if (!is_valid_environment_name(name))
                return bad_value(kEnvironmentGroup, name, "not an environment variable name");
            auto value = read_string(keyfile_, kEnvironmentGroup, name.c_str(), source_);
            if (!value) return value.take_error();
            context_.environment[name] = *value;
        }
        return ok_status();
    }

    // After [Environment]: a variable in both is unset (Flatpak writes unset ones in both places,
    // as "NAME=" for its older versions).
    Status read_unset_environment() {
        auto names = context_list("unset-environment");
        if (!names) return names.take_error();
        for (const std::string& name : *names) {
            if (!is_valid_environment_name(name))
                return bad_value(kContextGroup, "unset-environment",
                                 "'" + printable(name) + "' is not an environment variable name");
            context_.environment[name] = std::nullopt;
        }
        return ok_status();
    }

    GKeyFile* keyfile_;
    std::string source_;
    Warnings& warnings_;
    Context context_;
};

}  // namespace

Result<Context> context_from_keyfile(GKeyFile* keyfile, std::string_view source,
                                     Warnings& warnings) {
    return MetadataReader(keyfile, source, warnings).read();
}

}  // namespace sandbox::permissions

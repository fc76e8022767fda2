#include "sandbox/run/app_metadata.hpp"

#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::run {
namespace {

Result<std::optional<std::string>> optional_string(GKeyFile* keyfile, const char* group,
                                                   const char* key, const std::string& source) {
    if (!permissions::has_key(keyfile, group, key)) return std::optional<std::string>();
    auto value = permissions::read_string(keyfile, group, key, source);
    if (!value) return value.take_error();
    return std::optional<std::string>(*value);
}

Result<std::optional<store::Ref>> runtime_field(GKeyFile* keyfile, const char* group,
                                                const char* key, const std::string& source) {
    auto text = optional_string(keyfile, group, key, source);
    if (!text) return text.take_error();
    if (!*text) return std::optional<store::Ref>();
    auto ref = store::parse_runtime_field(**text);
    if (!ref) return usage_error(source + ": " + key + ": " + ref.error().message());
    return std::optional<store::Ref>(*ref);
}

// GKeyFile's spellings of a boolean; anything else names the key, rather than quietly meaning
// false (an app whose layer is not composed would not start, and nobody would know why).
Result<bool> optional_boolean(GKeyFile* keyfile, const char* group, const char* key,
                              const std::string& source) {
    auto text = optional_string(keyfile, group, key, source);
    if (!text) return text.take_error();
    if (!*text) return false;
    if (**text == "true" || **text == "1") return true;
    if (**text == "false" || **text == "0") return false;
    return usage_error(source + ": " + key + " is " + permissions::printable(**text) +
                       ", not true or false");
}

Status read_identity(GKeyFile* keyfile, const store::Ref& expected, const std::string& source,
                     DeploymentMetadata& metadata) {
    const char* group = expected.kind == store::RefKind::App ? "Application" : "Runtime";
    if (!permissions::has_group(keyfile, group))
        return usage_error(source + ": no [" + group + "] group");
    auto name = permissions::read_string(keyfile, group, "name", source);
    if (!name) return name.take_error();
    if (*name != expected.id)
        return usage_error(source + ": name " + permissions::printable(*name) + " is not " +
                           expected.id);
    metadata.name = *name;
    if (expected.kind != store::RefKind::App) return ok_status();
    auto runtime = runtime_field(keyfile, group, "runtime", source);
    if (!runtime) return runtime.take_error();
    if (!*runtime) return usage_error(source + ": no runtime in [Application]");
    metadata.runtime = *runtime;
    auto sdk = runtime_field(keyfile, group, "sdk", source);
    if (!sdk) return sdk.take_error();
    metadata.sdk = *sdk;
    auto command = optional_string(keyfile, group, "command", source);
    if (!command) return command.take_error();
    metadata.command = command->value_or("");
    auto usr_overlay = optional_boolean(keyfile, group, "usr-overlay", source);
    if (!usr_overlay) return usr_overlay.take_error();
    metadata.usr_overlay = *usr_overlay;
    return ok_status();
}

}  // namespace

Result<DeploymentMetadata> parse_deployment_metadata(std::string_view text,
                                                     const store::Ref& expected,
                                                     permissions::Warnings& warnings) {
    const std::string source = "metadata of " + expected.str();
    auto keyfile = permissions::parse_keyfile(text, source);
    if (!keyfile) return keyfile.take_error();
    DeploymentMetadata metadata;
    SANDBOX_TRY(read_identity(keyfile->get(), expected, source, metadata));
    auto context = permissions::context_from_keyfile(keyfile->get(), source, warnings);
    if (!context) return context.take_error();
    metadata.context = std::move(*context);
    return metadata;
}

}  // namespace sandbox::run

#include "sandbox/dbus_proxy/proxy_arguments.hpp"

#include "sandbox/dbus_proxy/validation.hpp"

namespace sandbox::dbus_proxy {
namespace {

// The args file separates arguments with NUL, so a NUL inside one would split it in two.
Status check_argument(std::string_view what, std::string_view text) {
    if (text.empty()) return usage_error("Empty " + std::string(what) + " for the D-Bus proxy");
    if (text.find('\0') != std::string_view::npos)
        return usage_error("Invalid " + std::string(what) + " " + in_quotes(text) +
                           ": contains a NUL byte");
    return ok_status();
}

Status check_endpoint(const ProxyEndpoint& endpoint) {
    SANDBOX_TRY(check_argument("bus address", endpoint.address));
    SANDBOX_TRY(check_argument("proxy socket path", endpoint.socket_path));
    // xdg-dbus-proxy takes anything starting with '-' for an option.
    if (endpoint.address.front() == '-')
        return usage_error("Invalid bus address " + in_quotes(endpoint.address));
    if (endpoint.socket_path.front() != '/')
        return usage_error("Proxy socket path " + in_quotes(endpoint.socket_path) +
                           " is not absolute");
    return check_policy(endpoint.policy);
}

void add_rules(std::vector<std::string>& arguments, std::string_view option,
               const std::vector<BusRule>& rules) {
    for (const BusRule& rule : rules)
        arguments.push_back("--" + std::string(option) + "=" + rule.name + "=" + rule.rule);
}

}  // namespace

Result<std::vector<std::string>> proxy_arguments(const ProxyEndpoint& endpoint) {
    SANDBOX_TRY(check_endpoint(endpoint));
    const BusPolicy& policy = endpoint.policy;
    std::vector<std::string> arguments{endpoint.address, endpoint.socket_path, "--filter"};
    if (policy.sloppy_names) arguments.emplace_back("--sloppy-names");
    for (const auto& [name, access] : policy.names)
        if (access != BusAccess::None)
            arguments.push_back("--" + std::string(bus_access_name(access)) + "=" + name);
    add_rules(arguments, "call", policy.calls);
    add_rules(arguments, "broadcast", policy.broadcasts);
    if (endpoint.log) arguments.emplace_back("--log");
    return arguments;
}

Result<std::vector<std::string>> proxy_process_arguments(
    int sync_fd, const std::vector<ProxyEndpoint>& endpoints) {
    if (sync_fd < 0) return usage_error("The D-Bus proxy needs a sync fd");
    if (endpoints.empty()) return usage_error("No bus for the D-Bus proxy to serve");
    std::vector<std::string> arguments{"--fd=" + std::to_string(sync_fd)};
    for (const ProxyEndpoint& endpoint : endpoints) {
        auto own = proxy_arguments(endpoint);
        if (!own) return own.take_error();
        arguments.insert(arguments.end(), own->begin(), own->end());
    }
    return arguments;
}

std::string args_file_content(const std::vector<std::string>& arguments) {
    std::string content;
    for (const std::string& argument : arguments) {
        content += argument;
        content += '\0';
    }
    return content;
}

}  // namespace sandbox::dbus_proxy

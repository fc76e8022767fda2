#include "sandbox/dbus_proxy/validation.hpp"

#include <cstdio>
#include <string>

namespace sandbox::dbus_proxy {
namespace {

constexpr std::size_t kMaxNameLength = 255;  // the D-Bus specification's limit
constexpr std::size_t kMaxQuoted = 100;
constexpr std::size_t kMaxInstanceId = 64;

bool is_alpha(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

void strip_suffix(std::string_view& text, std::string_view suffix) {
    if (text.ends_with(suffix)) text.remove_suffix(suffix.size());
}

// Splits on `separator`, calling check(element, is_last) on each; false as soon as one fails.
template <typename Check>
bool all_elements(std::string_view text, char separator, Check check) {
    for (;;) {
        const std::size_t end = text.find(separator);
        const bool last = end == std::string_view::npos;
        if (!check(text.substr(0, end), last)) return false;
        if (last) return true;
        text.remove_prefix(end + 1);
    }
}

// An element of a well-known name: [A-Za-z_-][A-Za-z0-9_-]*.
bool is_name_element(std::string_view element) {
    if (element.empty() || is_digit(element.front())) return false;
    for (char c : element)
        if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-') return false;
    return true;
}

// An element of an interface, member or path: [A-Za-z0-9_]+, not starting with a digit when
// `no_leading_digit`.
bool is_identifier(std::string_view element, bool no_leading_digit) {
    if (element.empty() || (no_leading_digit && is_digit(element.front()))) return false;
    for (char c : element)
        if (!is_alpha(c) && !is_digit(c) && c != '_') return false;
    return true;
}

bool is_well_known_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxNameLength || name.find('.') == std::string_view::npos)
        return false;
    return all_elements(name, '.', [](std::string_view e, bool) { return is_name_element(e); });
}

// METHOD of a rule: "*", or interface elements where the last may be "*".
bool is_rule_method(std::string_view method) {
    if (method.empty() || method == "*") return true;
    return all_elements(method, '.', [](std::string_view e, bool last) {
        return (last && e == "*") || is_identifier(e, true);
    });
}

// PATH of a rule: an object path, maybe ending in "/*".
bool is_rule_path(std::string_view path) {
    if (path == "/" || path == "/*") return true;
    if (!path.starts_with('/')) return false;
    path.remove_prefix(1);
    return all_elements(path, '/', [](std::string_view e, bool last) {
        return (last && e == "*") || is_identifier(e, false);
    });
}

Error invalid(std::string_view kind, std::string_view text, std::string_view why) {
    return usage_error("Invalid " + std::string(kind) + " " + in_quotes(text) + ": " +
                       std::string(why));
}

}  // namespace

std::string in_quotes(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text.substr(0, kMaxQuoted)) {
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += static_cast<char>(c);
            continue;
        }
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
        out += escaped;
    }
    return out + (text.size() > kMaxQuoted ? "\"..." : "\"");
}

Status check_bus_name(std::string_view name) {
    std::string_view base = name;
    strip_suffix(base, ".*");
    if (!is_well_known_name(base))
        return invalid("D-Bus name", name,
                       "expected a well-known name such as org.example.Name or org.example.*");
    return ok_status();
}

Status check_app_id(std::string_view app_id) {
    if (app_id.ends_with(".*") || !is_well_known_name(app_id))
        return invalid("app id", app_id, "expected a D-Bus name such as org.example.App");
    return ok_status();
}

Status check_instance_id(std::string_view instance_id) {
    bool ok = !instance_id.empty() && instance_id.size() <= kMaxInstanceId;
    for (char c : instance_id)
        ok = ok && (is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-');
    if (!ok) return invalid("instance id", instance_id, "expected 1 to 64 of [A-Za-z0-9._-]");
    return ok_status();
}

Status check_rule(std::string_view rule) {
    const std::size_t at = rule.find('@');
    const std::string_view method = rule.substr(0, at);
    const bool path_ok = at == std::string_view::npos || is_rule_path(rule.substr(at + 1));
    if (!is_rule_method(method) || !path_ok)
        return invalid("D-Bus rule", rule,
                       "expected [METHOD][@PATH], e.g. org.example.Iface.*@/org/example/*");
    return ok_status();
}

Status check_policy(const BusPolicy& policy) {
    for (const auto& [name, access] : policy.names) SANDBOX_TRY(check_bus_name(name));
    for (const auto* rules : {&policy.calls, &policy.broadcasts}) {
        for (const BusRule& rule : *rules) {
            SANDBOX_TRY(check_bus_name(rule.name));
            SANDBOX_TRY(check_rule(rule.rule));
        }
    }
    return ok_status();
}

}  // namespace sandbox::dbus_proxy

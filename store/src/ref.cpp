#include "sandbox/store/ref.hpp"

#include <sys/utsname.h>

#include <vector>

#include "sandbox/store/text.hpp"

namespace sandbox::store {
namespace {

bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

Result<Ref> from_parts(RefKind kind, std::string_view id, std::string_view arch,
                       std::string_view branch, std::string_view whole) {
    if (!is_valid_id(id))
        return usage_error("Invalid ID " + printable(id) + " in " + printable(whole) +
                           ": use reverse-DNS like org.example.App");
    if (!is_valid_branch(arch)) return usage_error("Invalid arch in " + printable(whole));
    if (!is_valid_branch(branch)) return usage_error("Invalid branch in " + printable(whole));
    return Ref{kind, std::string(id), std::string(arch), std::string(branch)};
}

}  // namespace

std::string Ref::str() const {
    return std::string(kind == RefKind::App ? "app/" : "runtime/") + id + "/" + arch + "/" + branch;
}

bool is_valid_id(std::string_view id) {
    if (id.empty() || id.size() > 255) return false;
    auto elements = split(id, '.');
    if (elements.size() < 2) return false;
    for (std::string_view element : elements) {
        if (element.empty() || (element[0] >= '0' && element[0] <= '9')) return false;
        for (char c : element)
            if (!is_id_char(c)) return false;
    }
    return true;
}

bool is_valid_branch(std::string_view branch) {
    if (branch.empty() || branch.size() > 255 || branch[0] == '.' || branch[0] == '-') return false;
    for (char c : branch)
        if (!is_id_char(c) && c != '.') return false;
    return true;
}

Result<Ref> parse_ref(std::string_view text) {
    auto parts = split(text, '/');
    if (parts.size() != 4 || (parts[0] != "app" && parts[0] != "runtime"))
        return usage_error("Invalid ref " + printable(text) +
                           ": expected app/ID/ARCH/BRANCH or runtime/ID/ARCH/BRANCH");
    return from_parts(parts[0] == "app" ? RefKind::App : RefKind::Runtime, parts[1], parts[2],
                      parts[3], text);
}

Result<Ref> parse_runtime_field(std::string_view text) {
    auto parts = split(text, '/');
    if (parts.size() != 3)
        return usage_error("Invalid runtime " + printable(text) + ": expected ID/ARCH/BRANCH");
    return from_parts(RefKind::Runtime, parts[0], parts[1], parts[2], text);
}

std::string PartialRef::str() const {
    std::string text;
    if (kind) text = *kind == RefKind::App ? "app/" : "runtime/";
    text += id;
    if (!arch.empty() || !branch.empty()) text += "/" + arch;
    if (!branch.empty()) text += "/" + branch;
    return text;
}

Result<PartialRef> parse_partial_ref(std::string_view text) {
    PartialRef partial;
    std::string_view rest = text;
    if (rest.starts_with("app/")) {
        partial.kind = RefKind::App;
        rest.remove_prefix(4);
    } else if (rest.starts_with("runtime/")) {
        partial.kind = RefKind::Runtime;
        rest.remove_prefix(8);
    }
    auto parts = split(rest, '/');
    if (parts.size() > 3)
        return usage_error("Invalid ref " + printable(text) +
                           ": expected ID, ID//BRANCH, ID/ARCH/BRANCH or KIND/ID/ARCH/BRANCH");
    if (!is_valid_id(parts[0]))
        return usage_error("Invalid ID " + printable(parts[0]) + " in " + printable(text) +
                           ": use reverse-DNS like org.example.App");
    partial.id = parts[0];
    if (parts.size() > 1) partial.arch = parts[1];
    if (parts.size() > 2) partial.branch = parts[2];
    if (!partial.arch.empty() && !is_valid_branch(partial.arch))
        return usage_error("Invalid arch in " + printable(text));
    if (!partial.branch.empty() && !is_valid_branch(partial.branch))
        return usage_error("Invalid branch in " + printable(text));
    return partial;
}

bool matches(const PartialRef& partial, const Ref& ref, std::string_view default_arch) {
    if (partial.kind && *partial.kind != ref.kind) return false;
    if (partial.id != ref.id) return false;
    if (ref.arch != (partial.arch.empty() ? default_arch : std::string_view(partial.arch)))
        return false;
    return partial.branch.empty() || partial.branch == ref.branch;
}

std::vector<Ref> matching_refs(const PartialRef& partial, const std::vector<Ref>& candidates,
                               std::string_view default_arch) {
    std::vector<Ref> found;
    for (const Ref& ref : candidates)
        if (matches(partial, ref, default_arch)) found.push_back(ref);
    return found;
}

std::string default_arch() {
    utsname name{};
    ::uname(&name);
    std::string machine = name.machine;
    if (machine == "i486" || machine == "i586" || machine == "i686") return "i386";
    if (machine.rfind("arm", 0) == 0 && machine != "arm64") return "arm";
    return machine;
}

}  // namespace sandbox::store

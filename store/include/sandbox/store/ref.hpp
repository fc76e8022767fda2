#pragma once

// Refs name what an installation holds: app/ID/ARCH/BRANCH and runtime/ID/ARCH/BRANCH, as in
// Flatpak. Everything here is pure: parsing and validating what users, metadata and remotes say.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::store {

enum class RefKind { App, Runtime };

struct Ref {
    RefKind kind = RefKind::App;
    std::string id;      // reverse-DNS, e.g. org.example.App
    std::string arch;    // e.g. x86_64
    std::string branch;  // e.g. stable

    [[nodiscard]] std::string str() const;  // "app/org.example.App/x86_64/stable"
    bool operator==(const Ref&) const = default;
};

// A full ref; one clear error for anything else (unknown kind, missing part, an ID or branch that
// is not valid: "..", "/", NUL, control characters, leading dot or dash...).
Result<Ref> parse_ref(std::string_view text);

// The runtime field of app metadata: ID/ARCH/BRANCH.
Result<Ref> parse_runtime_field(std::string_view text);

// Flatpak's rules: 2+ dot-separated elements of [A-Za-z0-9_-] not starting with a digit, <= 255.
bool is_valid_id(std::string_view id);
// Branch and arch: [A-Za-z0-9_.-], not starting with '.' or '-'.
bool is_valid_branch(std::string_view branch);

// What a user may type for a ref, as Flatpak takes it: ID, ID//BRANCH, ID/ARCH, ID/ARCH/BRANCH,
// each optionally after app/ or runtime/. An empty field matches anything (the arch: the
// default arch, see matches()).
struct PartialRef {
    std::optional<RefKind> kind;
    std::string id;
    std::string arch;
    std::string branch;

    [[nodiscard]] std::string str() const;  // as the user would write it back
};

Result<PartialRef> parse_partial_ref(std::string_view text);

// Whether `ref` is one `partial` names; an unspecified arch means `default_arch`.
bool matches(const PartialRef& partial, const Ref& ref, std::string_view default_arch);

// The refs in `candidates` that `partial` names, in their order.
std::vector<Ref> matching_refs(const PartialRef& partial, const std::vector<Ref>& candidates,
                               std::string_view default_arch);

// uname's machine as Flatpak names it (x86_64, aarch64, i386, arm).
std::string default_arch();

}  // namespace sandbox::store

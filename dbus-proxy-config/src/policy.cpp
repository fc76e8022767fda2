#include "sandbox/dbus_proxy/policy.hpp"

#include <algorithm>
#include <array>

namespace sandbox::dbus_proxy {
namespace {

constexpr std::array<std::string_view, 4> kAccessNames{"none", "see", "talk", "own"};

}  // namespace

std::string_view bus_name(Bus bus) {
    switch (bus) {
        case Bus::Session:
            return "session";
        case Bus::System:
            return "system";
        case Bus::Accessibility:
            return "accessibility";
    }
    return "unknown";
}

std::string_view bus_access_name(BusAccess access) {
    return kAccessNames.at(static_cast<std::size_t>(access));
}

std::optional<BusAccess> parse_bus_access(std::string_view word) {
    for (std::size_t i = 0; i < kAccessNames.size(); ++i)
        if (kAccessNames[i] == word) return static_cast<BusAccess>(i);
    return std::nullopt;
}

void merge_into(BusPolicy& policy, const BusPolicy& extra) {
    for (const auto& [name, access] : extra.names) {
        auto [it, inserted] = policy.names.emplace(name, access);
        if (!inserted) it->second = std::max(it->second, access);
    }
    policy.calls.insert(policy.calls.end(), extra.calls.begin(), extra.calls.end());
    policy.broadcasts.insert(policy.broadcasts.end(), extra.broadcasts.begin(),
                             extra.broadcasts.end());
    policy.sloppy_names = policy.sloppy_names || extra.sloppy_names;
}

}  // namespace sandbox::dbus_proxy

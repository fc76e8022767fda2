#include "app_choices.hpp"

#include <charconv>

#include "sandbox/portals/permission_store/permission_database.hpp"

namespace sandbox::portals {
namespace {

constexpr unsigned kDefaultThreshold = 3;

unsigned number_of(const std::string& text, unsigned fallback) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : fallback;
}

}  // namespace

std::optional<RememberedChoice> AppChoices::remembered(const std::string& app_id,
                                                       const std::string& content_type) {
    if (app_id.empty()) return std::nullopt;
    auto permissions = database_.get_permission(kTable, content_type, app_id);
    if (!permissions || !*permissions || (*permissions)->empty()) return std::nullopt;
    const std::vector<std::string>& fields = **permissions;
    RememberedChoice choice;
    choice.handler = fields[0];
    choice.count = fields.size() > 1 ? number_of(fields[1], 0) : 0;
    choice.threshold =
        fields.size() > 2 ? number_of(fields[2], kDefaultThreshold) : kDefaultThreshold;
    return choice;
}

void AppChoices::remember(const std::string& app_id, const std::string& content_type,
                          const std::string& handler) {
    if (app_id.empty()) return;
    auto previous = remembered(app_id, content_type);
    const unsigned count = previous && previous->handler == handler ? previous->count + 1 : 1;
    const unsigned threshold = previous ? previous->threshold : kDefaultThreshold;
    // A failure to remember only means the chooser shows again next time.
    (void)database_.set_permission(kTable, content_type, app_id,
                                   {handler, std::to_string(count), std::to_string(threshold)},
                                   true);
}

}  // namespace sandbox::portals

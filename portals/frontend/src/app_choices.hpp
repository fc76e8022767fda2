#pragma once

// Which handler an app's files or links of a type went to before, kept as xdg-desktop-portal
// keeps it (table "desktop-used-apps", id = content type, app → [handler, count, threshold]), so
// that after `threshold` times the same choice the chooser is no longer shown.

#include <optional>
#include <string>

namespace sandbox::portals {

class PermissionDatabase;

struct RememberedChoice {
    std::string handler;  // desktop id without ".desktop"
    unsigned count = 0;
    unsigned threshold = 3;
};

class AppChoices {
  public:
    explicit AppChoices(PermissionDatabase& database) : database_(database) {}

    [[nodiscard]] std::optional<RememberedChoice> remembered(const std::string& app_id,
                                                             const std::string& content_type);
    // One more time `handler` was used for this type: the count grows, or restarts at 1 when
    // the handler changed.
    void remember(const std::string& app_id, const std::string& content_type,
                  const std::string& handler);

    static constexpr const char* kTable = "desktop-used-apps";

  private:
    PermissionDatabase& database_;
};

}  // namespace sandbox::portals

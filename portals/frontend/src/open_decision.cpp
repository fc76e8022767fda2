#include "open_decision.hpp"

#include <algorithm>
#include <array>

namespace sandbox::portals {
namespace {

// Links whose default handler is trusted to open them without asking, as xdg-desktop-portal.
bool default_is_enough(const std::string& content_type) {
    static constexpr std::array<const char*, 7> kTypes{
        "x-scheme-handler/http",   "x-scheme-handler/https",  "x-scheme-handler/ftp",
        "x-scheme-handler/mailto", "x-scheme-handler/webcal", "x-scheme-handler/calendar",
        "inode/directory"};
    return std::find(kTypes.begin(), kTypes.end(), content_type) != kTypes.end();
}

bool offered(const OpenSituation& situation, const std::string& handler) {
    return std::find(situation.handlers.begin(), situation.handlers.end(), handler) !=
           situation.handlers.end();
}

}  // namespace

bool is_runnable_type(const std::string& content_type) {
    static constexpr std::array<const char*, 10> kTypes{"application/x-desktop",
                                                        "application/x-executable",
                                                        "application/x-sharedlib",
                                                        "application/x-pie-executable",
                                                        "application/x-shellscript",
                                                        "application/x-perl",
                                                        "text/x-python",
                                                        "application/x-ms-dos-executable",
                                                        "application/vnd.appimage",
                                                        "application/x-msi"};
    return std::find(kTypes.begin(), kTypes.end(), content_type) != kTypes.end();
}

std::optional<std::string> handler_without_asking(const OpenSituation& situation) {
    if (situation.handlers.empty() || situation.ask || situation.could_run) return std::nullopt;
    if (situation.default_handler && offered(situation, *situation.default_handler) &&
        default_is_enough(situation.content_type))
        return situation.default_handler;
    if (situation.handlers.size() == 1) return situation.handlers.front();
    if (situation.remembered && situation.remembered->count >= situation.remembered->threshold &&
        offered(situation, situation.remembered->handler))
        return situation.remembered->handler;
    return std::nullopt;
}

}  // namespace sandbox::portals

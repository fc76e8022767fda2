#pragma once

// Whether opening a link or file needs the app chooser, as xdg-desktop-portal decides, and a bit
// stricter: a file that could run (executable bit, a script, a .desktop file) always asks, and
// the chooser never offers to run it.

#include <optional>
#include <string>
#include <vector>

#include "app_choices.hpp"

namespace sandbox::portals {

struct OpenSituation {
    std::string content_type;           // x-scheme-handler/https, text/plain, …
    std::vector<std::string> handlers;  // desktop ids (without .desktop) that can open it
    std::optional<std::string> default_handler;
    std::optional<RememberedChoice> remembered;
    bool ask = false;        // the app asked for the chooser
    bool could_run = false;  // the file is executable or a launcher
};

// The handler to use without asking, or nullopt when the person must choose.
std::optional<std::string> handler_without_asking(const OpenSituation& situation);

// Content types a file manager would run or launch rather than open.
bool is_runnable_type(const std::string& content_type);

}  // namespace sandbox::portals
